import Foundation
import Testing
import ServoBus
import ServoWire
import SteadyCore
import SteadyTesting

/// What the twin's EEPROM does as the real motors' does: writes take effect, and what a power
/// cycle keeps; the Baud_Rate codes; state files.
@Suite struct TwinEEPROMTests {
    static let calibrationRegisters: [RegisterName] = [.minPositionLimit, .maxPositionLimit, .homingOffset]

    func read(_ bus: RobotBus, _ registers: [RegisterName]) throws -> [[Int]] {
        try registers.map { register in try bus.robot.joints.indices.map { try bus.read(register, joint: $0) } }
    }

    func write(_ bus: RobotBus, _ values: [Int]) throws {
        for (register, value) in zip(Self.calibrationRegisters, values) {
            try bus.write(register, values: Array(repeating: value, count: bus.robot.joints.count))
        }
    }

    func expected(_ values: [Int], joints: Int = 6) -> [[Int]] { values.map { Array(repeating: $0, count: joints) } }

    @Test func feetechEEPROMWritesWithLockOneTakeEffectButAreNotKeptAtPowerOff() throws {
        let (twin, bus, _) = try inProcessTwin("so101")
        #expect(try bus.read(.lock, joint: 0) == 1)   // a fresh STS powers up locked
        try write(bus, [1000, 3000, 100])
        #expect(try read(bus, Self.calibrationRegisters) == expected([1000, 3000, 100]))
        twin.powerCycle()
        #expect(try read(bus, Self.calibrationRegisters) == expected([0, 4095, 0]))
        // Unlocked, as LeRobot and `steady calibrate` write a calibration: kept.
        try bus.write(.lock, values: Array(repeating: 0, count: 6))
        try write(bus, [1100, 2900, -50])
        try bus.write(.lock, values: Array(repeating: 1, count: 6))
        try bus.write(.maxPositionLimit, values: Array(repeating: 3100, count: 6))   // locked again: not kept
        #expect(try read(bus, [.maxPositionLimit]) == expected([3100]))
        twin.powerCycle()
        #expect(try read(bus, Self.calibrationRegisters) == expected([1100, 2900, -50]))
        #expect(try bus.read(.lock, joint: 0) == 1)
    }

    @Test func dynamixelKeepsItsEEPROMAreaAndResetsRAMAtPowerOff() throws {
        let (twin, bus, _) = try inProcessTwin("koch")
        try write(bus, [500, 3500, -200])
        try bus.write(.positionPGain, values: Array(repeating: 123, count: 6))
        twin.powerCycle()
        #expect(try read(bus, Self.calibrationRegisters) == expected([500, 3500, -200]))
        #expect(try bus.read(.positionPGain, joint: 2) == 400)   // XL330-M288's factory P gain
    }

    @Test(arguments: [("so101", 0), ("koch", 3), ("leap_hand", 6)])
    func baudRateReadsTheCodeOfTheServedBaud(robotName: String, code: Int) throws {
        let (_, bus, _) = try inProcessTwin(robotName)
        #expect(try bus.robot.joints.indices.map { try bus.read(.baudRate, joint: $0) } == Array(repeating: code, count: bus.robot.joints.count))
        let table = bus.tables[0]
        #expect(table.baudRate(code: code) == bus.robot.baudRate)
    }

    @Test(arguments: ["so101", "koch"])
    func aMotorMovedToAnotherBaudAnswersThenFallsSilent(robotName: String) throws {
        let (twin, bus, packets) = try inProcessTwin(robotName)
        try bus.setTorque(false)
        let register = bus.tables[0][.baudRate]!
        try packets.write(bus.robot.joints[0].id, address: register.address, data: [1])   // answered at the old baud
        #expect(try packets.ping(bus.robot.joints[0].id) == nil)
        #expect(try packets.ping(bus.robot.joints[1].id) != nil)
        #expect(twin.motors[0].powerOnImage[Int(register.address)] == 1)   // kept: still silent after power-off
    }

    @Test(arguments: ["so101", "koch"])
    func aStateFileBringsBackWhatThePowerCycleKeeps(robotName: String) throws {
        let (twin, bus, _) = try inProcessTwin(robotName)
        try bus.setTorque(false)   // on Feetech this also clears Lock
        try write(bus, [700, 3300, 42])
        let file = temporaryFile("state")
        defer { try? FileManager.default.removeItem(at: file) }
        try TwinStateFile.save(twin, to: file)
        let (restarted, restartedBus, _) = try inProcessTwin(robotName)
        #expect(try read(restartedBus, Self.calibrationRegisters) == expected([0, 4095, 0]))
        try TwinStateFile.restore(restarted, from: file)
        #expect(try read(restartedBus, Self.calibrationRegisters) == expected([700, 3300, 42]))
        #expect(restarted.motors.map(\.powerOnImage) == twin.motors.map(\.powerOnImage))
        #expect(TwinStateFile.encode(restarted) == TwinStateFile.encode(twin))
    }

    @Test(arguments: [
        ("not json", nil as String?, "not a JSON object"),
        (#"{"format": "steady-twin-state", "version": 2}"#, "version", "expected 1"),
        ("{ROBOT:koch}", "robot", "not this twin's robot 'so101'"),
        ("{MODEL2:xl430-w250}", "motors[2].model", "joint elbow_flex is a sts3215"),
        ("{REGISTER:Present_Position}", "motors[0].eeprom.Present_Position", "not a writable EEPROM register"),
        ("{VALUE:65536}", "motors[0].eeprom.Max_Position_Limit", "expected an integer in 0...65535"),
    ])
    func aBadStateFileIsRefusedNamingFileAndField(edit: String, field: String?, reason: String) throws {
        let (twin, _, _) = try inProcessTwin("so101")
        var text = TwinStateFile.encode(twin)
        switch edit {
        case "{ROBOT:koch}": text = text.replacingOccurrences(of: "\"robot\": \"so101\"", with: "\"robot\": \"koch\"")
        case "{MODEL2:xl430-w250}":
            text = text.replacingOccurrences(of: "\"elbow_flex\", \"model\": \"sts3215\"", with: "\"elbow_flex\", \"model\": \"xl430-w250\"")
        case "{REGISTER:Present_Position}": text = text.replacingOccurrences(of: "\"Temperature_Limit\"", with: "\"Present_Position\"")
        case "{VALUE:65536}": text = text.replacingOccurrences(of: "\"Max_Position_Limit\": 4095", with: "\"Max_Position_Limit\": 65536")
        default: text = edit
        }
        let file = temporaryFile("bad-state")
        defer { try? FileManager.default.removeItem(at: file) }
        try text.write(to: file, atomically: true, encoding: .utf8)
        let before = twin.motors.map(\.memory)
        #expect {
            try TwinStateFile.restore(twin, from: file)
        } throws: { error in
            guard case let SteadyFileError.malformed(path, _, errorField, errorReason) = error else { return false }
            return path == file.path && errorField == field && errorReason.contains(reason)
        }
        #expect(twin.motors.map(\.memory) == before)   // nothing applied
    }

    @Test func feetechClampsGoalsToTheLimitsInItsPositionModeZero() throws {
        let (_, bus, _) = try inProcessTwin("so101")
        #expect(try bus.read(.operatingMode, joint: 0) == 0)   // STS position mode, the factory value
        try bus.write(.maxPositionLimit, values: Array(repeating: 3000, count: 6))
        try bus.write(.goalPosition, values: Array(repeating: 3500, count: 6))
        #expect(try bus.read(.goalPosition, joint: 0) == 3000)
    }

    func temporaryFile(_ name: String) -> URL {
        URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("steady-\(name)-\(UUID().uuidString).json")
    }
}
