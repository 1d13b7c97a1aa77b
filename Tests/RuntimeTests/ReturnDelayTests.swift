import Foundation
import ServoBus
import ServoWire
import SteadyCore
import SteadyTesting
import Testing
@testable import Runtime

/// Connecting brings the factory 500 µs reply delay down to 2 µs, as LeRobot does, once.
@Suite(.serialized) struct ReturnDelayTests {
    func run(_ twin: ServoTwin) throws -> RunResult {
        let robot = twin.robot
        let runtime = RobotRuntime(robot: robot, calibration: .factory(for: robot), transport: TwinTransport(twin: twin),
                                   policy: HoldPolicy(jointCount: robot.joints.count), safety: .fromRobot(robot),
                                   options: RunOptions(loop: LoopConfiguration(rateHz: 100, durationSeconds: 0.05,
                                                                               softStartSeconds: 0.01, holdSeconds: 0.01),
                                                       realTime: .none))
        return try runtime.run(directory: nil)
    }

    @Test func aFactoryFreshArmGetsReturnDelayZeroKeptAtPowerOffAndOnlyOnce() throws {
        let twin = ServoTwin(robot: so101())
        #expect(twin.motors.allSatisfy { $0.value(.returnDelayTime) == 250 })
        let first = try run(twin)
        #expect(first.notices.contains("return delay: Return_Delay_Time 0 (2 µs) written to 6 motors (was 250 (500 µs))"),
                "\(first.notices)")
        twin.powerCycle()
        #expect(twin.motors.allSatisfy { $0.value(.returnDelayTime) == 0 })   // written unlocked: kept
        let second = try run(twin)
        #expect(!second.notices.contains { $0.contains("Return_Delay_Time") }, "\(second.notices)")
    }
}
