import Foundation
import Testing
import ServoBus
import ServoWire
import SteadyCore

/// `steady twin --state FILE` across real restarts of the twin process, seen through its port.
@Suite(.serialized) struct TwinStateCommandTests {
    static let registers: [RegisterName] = [.minPositionLimit, .maxPositionLimit, .homingOffset]

    func values(_ arm: SerialArm) throws -> [[Int]] {
        try Self.registers.map { register in try arm.robot.joints.indices.map { try arm.bus.read(register, joint: $0) } }
    }

    func write(_ arm: SerialArm, _ values: [Int]) throws {
        for (register, value) in zip(Self.registers, values) {
            try arm.bus.write(register, values: Array(repeating: value, count: arm.robot.joints.count))
        }
    }

    func six(_ values: [Int]) -> [[Int]] { values.map { Array(repeating: $0, count: 6) } }

    @Test func calibrationRegistersSurviveARestartWithStateAndAreFactoryWithout() throws {
        let state = NSTemporaryDirectory() + "steady-twin-state-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: state) }
        do {
            let twin = try TwinProcess(robot: "so101", arguments: ["--physics", "none", "--state", state])
            defer { #expect(twin.stop() == 0) }
            let arm = try SerialArm(link: twin.link)
            #expect(try arm.bus.read(.lock, joint: 0) == 1)
            #expect(try arm.bus.read(.baudRate, joint: 0) == 0)   // 1 Mbaud
            // Lock = 1, as the motors power up: the writes take effect.
            try write(arm, [1000, 3000, 100])
            #expect(try values(arm) == six([1000, 3000, 100]))
            // Unlocked, as a calibration is written: kept at power-off. Then one more write locked: not kept.
            try arm.bus.write(.lock, values: Array(repeating: 0, count: 6))
            try write(arm, [1100, 2900, -50])
            try arm.bus.write(.lock, values: Array(repeating: 1, count: 6))
            try arm.bus.write(.maxPositionLimit, values: Array(repeating: 3100, count: 6))
            #expect(try values(arm) == six([1100, 3100, -50]))
        }
        do {
            let twin = try TwinProcess(robot: "so101", arguments: ["--physics", "none", "--state", state])
            defer { #expect(twin.stop() == 0) }
            #expect(try values(try SerialArm(link: twin.link)) == six([1100, 2900, -50]))
        }
        do {
            let twin = try TwinProcess(robot: "so101", arguments: ["--physics", "none"])
            defer { #expect(twin.stop() == 0) }
            #expect(try values(try SerialArm(link: twin.link)) == six([0, 4095, 0]))
        }
    }

    @Test func aStateFileOfAnotherRobotIsRefusedNamingFileAndField() throws {
        let state = NSTemporaryDirectory() + "steady-twin-state-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: state) }
        let koch = try TwinProcess(robot: "koch", arguments: ["--physics", "none", "--state", state])
        #expect(koch.stop() == 0)
        let result = try steady(["twin", "--robot", "so101", "--physics", "none", "--state", state])
        #expect(result.status == 1)
        #expect(result.output.contains("\(state): field 'robot': 'koch' is not this twin's robot 'so101'"), "\(result.output)")
    }
}
