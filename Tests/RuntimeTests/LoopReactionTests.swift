import Foundation
import ServoBus
import ServoWire
import SteadyCore
import SteadyTesting
import Testing
@testable import Runtime
@testable import Safety

/// The loop's reactions to what the safety chain reports: stalls and temperatures.
@Suite struct LoopReactionTests {
    func loop(_ bus: InMemoryControlBus, policy: Policy, stall: StallThresholds? = .standard) throws -> ControlLoop {
        let robot = so101()
        let chain = try SafetyChain(configuration: .fromRobot(robot, stall: stall))
        let loop = ControlLoop(robot: robot, conversions: RobotCalibration.factory(for: robot).conversions(for: robot), bus: bus,
                               chain: chain, policy: policy, clock: ManualClock(),
                               configuration: LoopConfiguration(rateHz: 100, softStartSeconds: 0))
        try loop.prepare()
        return loop
    }

    /// A policy that asks for a fixed pose.
    final class PosePolicy: Policy {
        let name = "pose"
        let pose: [Float]
        init(_ pose: [Float]) { self.pose = pose }
        func reset() {}
        func act(observation: UnsafeBufferPointer<Float>, action: UnsafeMutableBufferPointer<Float>) {
            for joint in 0..<pose.count { action[joint] = pose[joint] }
        }
    }

    @Test("a blocked joint pushing hard: torque limit lowered after 1 s, torque dropped and the run stopped after 3 s")
    func stallReducesThenDropsTorque() throws {
        let robot = so101()
        let bus = InMemoryControlBus(robot: robot)
        bus.followsGoals = false
        bus.present.load[1] = 900   // 90 % of stall torque
        let loop = try loop(bus, policy: PosePolicy([0, 0.5, 0, 0, 0, 0]))
        loop.runTicks(150)
        let torqueLimit = ControlTable.sts3215["Torque_Limit"]!
        #expect(bus.registerWrites.count == 1)
        #expect(bus.registerWrites.first?.joint == 1 && bus.registerWrites.first?.address == Int(torqueLimit.address))
        #expect(bus.registerWrites.first?.value == 500)
        #expect(loop.phase == .active)
        loop.runTicks(300)
        let torqueEnable = ControlTable.sts3215["Torque_Enable"]!
        #expect(bus.registerWrites.contains { $0.joint == 1 && $0.address == Int(torqueEnable.address) && $0.value == 0 })
        #expect(loop.stopReason == .stall(joint: 1))
        #expect(loop.phase == .finished)
    }

    @Test("a motor at its stop temperature: safe stop (hold, then finish)")
    func temperatureStop() throws {
        let robot = so101()
        let bus = InMemoryControlBus(robot: robot)
        let loop = try loop(bus, policy: HoldPolicy(jointCount: 6))
        loop.runTicks(10)
        bus.present.temperatureCelsius[4] = 71
        loop.runTicks(1)
        #expect(loop.stopReason == .temperature(joint: 4, celsius: 71))
        #expect(loop.phase == .stopping)
        loop.runTicks(100)
        #expect(loop.phase == .finished)
    }

    @Test("stop request: the loop decelerates to rest and finishes without holding (issue 15)")
    func requestedStopSkipsTheHold() throws {
        let robot = so101()
        let bus = InMemoryControlBus(robot: robot)
        let loop = try loop(bus, policy: SinePolicy(robot: robot, callRateHz: 100))
        loop.runTicks(300)
        loop.requestStop()
        let before = loop.counters.ticks.load(ordering: .relaxed)
        loop.runTicks(1000)
        #expect(loop.stopReason == .requested)
        // The deceleration's ticks, then the tick the hold ends on; not the 50 of --hold 0.5.
        let ticks = loop.counters.ticks.load(ordering: .relaxed) - before
        #expect(ticks == loop.plannedStop.ticks + 1 && ticks < 50, "\(ticks) ticks; deceleration \(loop.plannedStop.ticks)")
    }
}
