import Foundation
import Testing
import ServoBus
import ServoWire
import SteadyCore

/// `steady twin --state FILE` across a real restart of the twin process, seen through its port.
@Suite(.serialized) struct TwinStateCommandTests {
    static let registers: [RegisterName] = [.minPositionLimit, .maxPositionLimit, .homingOffset]

    func values(_ arm: SerialArm) throws -> [[Int]] {
        try Self.registers.map { register in try arm.robot.joints.indices.map { try arm.bus.read(register, joint: $0) } }
    }

    func six(_ values: [Int]) -> [[Int]] { values.map { Array(repeating: $0, count: 6) } }

    @Test func calibrationRegistersWrittenWithLockOneReadBackAndUnlockedOnesSurviveARestart() throws {
        let state = NSTemporaryDirectory() + "steady-twin-state-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: state) }
        do {
            let twin = try TwinProcess(robot: "so101", arguments: ["--physics", "none", "--state", state])
            defer { #expect(twin.stop() == 0) }
            let arm = try SerialArm(link: twin.link)
            #expect(try arm.bus.read(.lock, joint: 0) == 1)
            #expect(try arm.bus.read(.baudRate, joint: 0) == 0)   // 1 Mbaud
            for (register, value) in zip(Self.registers, [1000, 3000, 100]) {   // Lock = 1, as at power-up
                try arm.bus.write(register, values: Array(repeating: value, count: 6))
            }
            #expect(try values(arm) == six([1000, 3000, 100]))
            try arm.bus.write(.lock, values: Array(repeating: 0, count: 6))   // as a calibration is written
            try arm.bus.write(.homingOffset, values: Array(repeating: -50, count: 6))
            #expect(try values(arm) == six([1000, 3000, -50]))
        }
        let twin = try TwinProcess(robot: "so101", arguments: ["--physics", "none", "--state", state])
        defer { #expect(twin.stop() == 0) }
        // Only the unlocked write was kept at "power-off": the limits are factory values again.
        #expect(try values(try SerialArm(link: twin.link)) == six([0, 4095, -50]))
    }

    @Test func aStateFileOfAnotherRobotIsRefusedNamingFileAndField() throws {
        let state = NSTemporaryDirectory() + "steady-twin-state-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: state) }
        let koch = try RobotDescription.load(file: repositoryRoot.appendingPathComponent("robots/koch/robot.yaml"))
        try TwinStateFile.save(ServoTwin(robot: koch), to: URL(fileURLWithPath: state))
        let result = try steady(["twin", "--robot", "so101", "--physics", "none", "--state", state])
        #expect(result.status == 1)
        #expect(result.output.contains("\(state): field 'robot': 'koch' is not this twin's robot 'so101'"), "\(result.output)")
    }
}
