import Foundation
import ServoWire
import SteadyCore

/// `steady twin --state FILE`: what each motor keeps at power-off, as JSON, so that a twin
/// restarted with the same file comes up as its motors would after a power cycle (a calibrated
/// twin stays calibrated):
///
///     {"format": "steady-twin-state", "version": 1, "robot": "so101", "protocol": "feetech",
///      "motors": [{"joint": "shoulder_pan", "model": "sts3215",
///                  "eeprom": {"ID": 1, "Baud_Rate": 0, "Min_Position_Limit": 795, …}}, …]}
///
/// `eeprom` holds every writable EEPROM register of the motor's control table by name, with
/// its power-on value (`ServoFirmware.powerOnImage`); a register left out keeps its factory value.
public enum TwinStateFile {
    /// The value of the `format` field.
    public static let format = "steady-twin-state"
    /// The value of the `version` field.
    public static let version = 1

    /// The JSON of `twin`'s power-on EEPROM, registers in address order.
    public static func encode(_ twin: ServoTwin) -> String {
        let motors = zip(twin.robot.joints, twin.motors).map { joint, motor -> String in
            let values = persistentRegisters(motor.table).map { register in
                "\"\(register.name)\": \(motor.table.decode(motor.powerOnImage[register.addresses], for: register))"
            }
            return "    {\"joint\": \"\(joint.name)\", \"model\": \"\(joint.model.name)\",\n"
                + "     \"eeprom\": {" + values.joined(separator: ", ") + "}}"
        }
        return """
        {
          "format": "\(format)", "version": \(version), "robot": "\(twin.robot.name)", "protocol": "\(twin.robot.protocolKind.rawValue)",
          "motors": [
        \(motors.joined(separator: ",\n"))
          ]
        }

        """
    }

    /// Writes `twin`'s power-on EEPROM to `url` atomically (temporary file, then rename).
    /// - Throws: `SteadyFileError.writeFailed` naming the file.
    public static func save(_ twin: ServoTwin, to url: URL) throws {
        try AtomicFile.write(encode(twin), to: url)
    }

    /// Brings `twin`'s motors up from `url` as a power cycle would: the file's EEPROM, factory
    /// RAM. Nothing changes unless the whole file is valid.
    /// - Throws: `SteadyFileError.notFound` or `.malformed` naming the file and the field.
    public static func restore(_ twin: ServoTwin, from url: URL) throws {
        guard let data = FileManager.default.contents(atPath: url.path) else { throw SteadyFileError.notFound(path: url.path) }
        func fail(_ field: String?, _ reason: String) -> SteadyFileError {
            .malformed(path: url.path, line: nil, field: field, reason: reason)
        }
        guard let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw fail(nil, "not a JSON object (a twin state file written by `steady twin --state`)")
        }
        guard root["format"] as? String == format else { throw fail("format", "expected \"\(format)\"") }
        guard (root["version"] as? NSNumber)?.intValue == version else { throw fail("version", "expected \(version)") }
        let robot = twin.robot
        guard root["robot"] as? String == robot.name else {
            throw fail("robot", "'\(root["robot"] ?? "missing")' is not this twin's robot '\(robot.name)'")
        }
        guard root["protocol"] as? String == robot.protocolKind.rawValue else {
            throw fail("protocol", "expected \"\(robot.protocolKind.rawValue)\"")
        }
        guard let motors = root["motors"] as? [[String: Any]], motors.count == robot.joints.count else {
            throw fail("motors", "expected a list of \(robot.joints.count) motors, one per joint of \(robot.name)")
        }
        var restored: [[(Register, Int)]] = []
        for (index, (entry, joint)) in zip(motors, robot.joints).enumerated() {
            let field = "motors[\(index)]"
            guard entry["joint"] as? String == joint.name else { throw fail("\(field).joint", "expected \"\(joint.name)\"") }
            guard entry["model"] as? String == joint.model.name else {
                throw fail("\(field).model", "'\(entry["model"] ?? "missing")' but joint \(joint.name) is a \(joint.model.name)")
            }
            guard let eeprom = entry["eeprom"] as? [String: Any] else { throw fail("\(field).eeprom", "expected an object") }
            let table = twin.motors[index].table
            let writable = Set(persistentRegisters(table).map(\.name))
            restored.append(try eeprom.sorted { $0.key < $1.key }.map { name, value in
                let registerField = "\(field).eeprom.\(name)"
                guard let register = table[name], writable.contains(register.name) else {
                    throw fail(registerField, "not a writable EEPROM register of \(table.model.name)")
                }
                guard let number = value as? Int, register.representableRange.contains(number) else {
                    throw fail(registerField, "expected an integer in \(register.representableRange), not \(value)")
                }
                return (register, number)
            })
        }
        for (motor, values) in zip(twin.motors, restored) {
            for (register, value) in values { motor.setPowerOnValue(register, value) }
        }
        twin.powerCycle()
    }

    /// The registers a state file holds: every writable EEPROM register, in address order.
    static func persistentRegisters(_ table: ControlTable) -> [Register] {
        table.registers.filter { $0.area == .eeprom && $0.access == .readWrite }
    }
}
