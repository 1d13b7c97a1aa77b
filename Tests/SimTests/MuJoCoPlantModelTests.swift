import Foundation
import MuJoCo
import Testing
import ServoBus
import SteadyCore
import SteadyTesting
@testable import Sim

/// The plant on models other than the SO-101: actuators named unlike the joints, joints with no
/// actuator at all (driven through `qfrc_applied`), Dynamixel motors.
@Suite struct MuJoCoPlantModelTests {
    func robot(_ protocolKind: ServoProtocolKind, _ motors: [MotorModel]) -> RobotDescription {
        RobotDescription(name: "two_link", directory: nil, protocolKind: protocolKind, baudRate: 1_000_000,
                         joints: zip(["shoulder", "elbow"], motors).enumerated().map { index, pair in
                             JointDescription(name: pair.0, id: ServoID(UInt8(index + 1)), model: pair.1, lowerRadians: -2,
                                              upperRadians: 2, velocityLimitRadiansPerSecond: 4,
                                              gains: ServoGains(p: protocolKind == .feetech ? 16 : 800, i: 0, d: 0))
                         })
    }

    /// Moves both joints to each angle of `goals` in turn (2 s each) through the bus, and returns
    /// the final angles and the loads and currents read on the way.
    func move(_ robot: RobotDescription, xml: String, goals: [Double] = [0.4]) throws -> (angles: [Double], loads: [[Int]], currents: [[Int]]) {
        let space = try PhysicsOverrides.parse("gravity: [0, 0, 0]", file: "space.yaml")
        let plant = try MuJoCoPlant(robot: robot, model: try SimModel(xml: xml), overrides: [space])
        let twin = ServoTwin(robot: robot, plant: plant)
        let bus = RobotBus(robot: robot, bus: PacketBus(transport: TwinTransport(twin: twin), protocolKind: robot.protocolKind,
                                                        retries: 0, latencyAllowanceSeconds: 0))
        try bus.setTorque(true)
        var loads: [[Int]] = [[], []], currents: [[Int]] = [[], []]
        for goal in goals {
            let ticks = 2047 + Int((goal * 4096 / (2 * .pi)).rounded())
            try bus.write("Goal_Position", values: [ticks, ticks])
            for _ in 0..<1000 {
                try twin.advance(seconds: 0.002)
                for (index, state) in try bus.readPresent().enumerated() {
                    loads[index].append(state.load)
                    currents[index].append(state.current ?? 0)
                }
            }
        }
        return ((0..<2).map { plant.reading(motor: $0).positionRadians }, loads, currents)
    }

    @Test func actuatorsFoundByTheirJointAndJointsWithoutOneAreDrivenToo() throws {
        let feetech = robot(.feetech, [.sts3215, .sts3215])
        let withActuators = try move(feetech, xml: Fixtures.twoLinkXML)
        let bare = Fixtures.twoLinkXML.replacingOccurrences(
            of: #"<actuator>[\s\S]*</actuator>"#, with: "", options: .regularExpression)
        #expect(!bare.contains("<position"))
        let withoutActuators = try move(feetech, xml: bare)
        for angles in [withActuators.angles, withoutActuators.angles] {
            #expect(angles.allSatisfy { abs($0 - 0.4) < 0.01 }, "\(angles)")
        }
        #expect(withActuators.loads.allSatisfy { $0.max() == 1000 })
        #expect(withoutActuators.loads.allSatisfy { $0.max() == 1000 })
    }

    @Test func dynamixelMotorsReportSignedLoadAndCurrent() throws {
        let dynamixel = robot(.dynamixel, [.xl430W250, .xl330M288])
        let result = try move(dynamixel, xml: Fixtures.twoLinkXML, goals: [0.4, -0.4])
        #expect(result.angles.allSatisfy { abs($0 + 0.4) < 0.01 }, "\(result.angles)")
        // Full torque up, then full torque down (the XL430 reports Present_Load).
        #expect(result.loads[0].max() == 1000 && result.loads[0].min() == -1000)
        // The XL330 reports Present_Current in mA, signed like the torque: ±1.47 A at stall.
        #expect(result.currents[1].max() == 1470 && result.currents[1].min() == -1470)
    }
}
