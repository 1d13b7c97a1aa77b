import Foundation

/// One motor's calibration, field for field as LeRobot writes it (`MotorCalibration`).
///
/// `homing_offset` is written to the motor's Homing_Offset register so that its present position
/// reads the half turn (2047 of 4096) at the middle pose; `range_min`/`range_max` are the homed
/// raw ticks at the ends of the swept range. `drive_mode` 1 inverts the direction.
public struct MotorCalibration: Codable, Equatable, Sendable {
    public var id: Int
    public var driveMode: Int
    public var homingOffset: Int
    public var rangeMin: Int
    public var rangeMax: Int

    enum CodingKeys: String, CodingKey {
        case id, driveMode = "drive_mode", homingOffset = "homing_offset", rangeMin = "range_min", rangeMax = "range_max"
    }

    public init(id: Int, driveMode: Int, homingOffset: Int, rangeMin: Int, rangeMax: Int) {
        self.id = id
        self.driveMode = driveMode
        self.homingOffset = homingOffset
        self.rangeMin = rangeMin
        self.rangeMax = rangeMax
    }
}

/// A robot's calibration: one `MotorCalibration` per joint, in joint order.
///
/// Files live at `calibration/<robot>/<id>.json`, keyed by joint name exactly like LeRobot's,
/// so a LeRobot calibration file loads as it is.
public struct RobotCalibration: Equatable, Sendable {
    /// Per joint, in the robot's joint order.
    public var motors: [MotorCalibration]
    /// Joint names, in the robot's joint order.
    public var jointNames: [String]

    public init(motors: [MotorCalibration], jointNames: [String]) {
        precondition(motors.count == jointNames.count)
        self.motors = motors
        self.jointNames = jointNames
    }

    /// The calibration a fresh twin (or an uncalibrated arm with factory homing) has: no offset, the
    /// half turn (2047 ticks) at 0 rad, the whole encoder range usable.
    public static func factory(for robot: RobotDescription) -> RobotCalibration {
        RobotCalibration(
            motors: robot.joints.map { joint in
                MotorCalibration(id: Int(joint.id.rawValue), driveMode: 0, homingOffset: 0,
                                 rangeMin: 0, rangeMax: joint.model.ticksPerRevolution - 1)
            },
            jointNames: robot.joints.map(\.name))
    }

    /// Where `calibration/<robot>/<id>.json` lives: `$STEADY_CALIBRATION` or `./calibration`.
    public static func defaultFile(robot: String, id: String) -> URL {
        let base = ProcessInfo.processInfo.environment["STEADY_CALIBRATION"]
            .map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("calibration")
        return base.appendingPathComponent(robot).appendingPathComponent("\(id).json")
    }

    /// Loads and validates a calibration file against the robot it belongs to.
    /// - Throws: `SteadyFileError` naming the file and the joint/field at fault.
    public static func load(file url: URL, robot: RobotDescription) throws -> RobotCalibration {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw SteadyFileError.notFound(path: url.path)
        }
        let table: [String: MotorCalibration]
        do {
            table = try JSONDecoder().decode([String: MotorCalibration].self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw SteadyFileError.malformed(path: url.path, line: nil, field: Self.path(context.codingPath + [key]),
                                            reason: "is required but missing")
        } catch let DecodingError.typeMismatch(_, context) {
            throw SteadyFileError.malformed(path: url.path, line: nil, field: Self.path(context.codingPath),
                                            reason: "has the wrong type (expected an integer)")
        } catch let DecodingError.valueNotFound(_, context) {
            throw SteadyFileError.malformed(path: url.path, line: nil, field: Self.path(context.codingPath),
                                            reason: "is null")
        } catch {
            throw SteadyFileError.malformed(path: url.path, line: nil, field: nil,
                                            reason: "not a LeRobot calibration JSON object (\(error.localizedDescription))")
        }
        var motors: [MotorCalibration] = []
        for joint in robot.joints {
            guard let motor = table[joint.name] else {
                throw SteadyFileError.malformed(path: url.path, line: nil, field: joint.name,
                                                reason: "no calibration for this joint of \(robot.name)")
            }
            let ticks = joint.model.ticksPerRevolution
            func fail(_ reason: String) -> SteadyFileError {
                .malformed(path: url.path, line: nil, field: joint.name, reason: reason)
            }
            guard motor.id == Int(joint.id.rawValue) else {
                throw fail("id \(motor.id) does not match motor id \(joint.id) in robot.yaml")
            }
            guard motor.driveMode == 0 || motor.driveMode == 1 else { throw fail("drive_mode must be 0 or 1, got \(motor.driveMode)") }
            guard (0..<ticks).contains(motor.rangeMin), (0..<ticks).contains(motor.rangeMax), motor.rangeMin < motor.rangeMax else {
                throw fail("range_min \(motor.rangeMin) / range_max \(motor.rangeMax) must satisfy 0 ≤ min < max < \(ticks)")
            }
            guard abs(motor.homingOffset) < ticks else { throw fail("homing_offset \(motor.homingOffset) exceeds one turn") }
            motors.append(motor)
        }
        if let extra = table.keys.first(where: { robot.joint(named: $0) == nil }) {
            throw SteadyFileError.malformed(path: url.path, line: nil, field: extra,
                                            reason: "is not a joint of \(robot.name) (joints: \(robot.joints.map(\.name).joined(separator: ", ")))")
        }
        return RobotCalibration(motors: motors, jointNames: robot.joints.map(\.name))
    }

    /// The file's JSON text, joints in robot order, 4-space indented as LeRobot writes it.
    public func jsonText() -> String {
        let entries = zip(jointNames, motors).map { name, m in
            """
                "\(name)": {
                    "id": \(m.id),
                    "drive_mode": \(m.driveMode),
                    "homing_offset": \(m.homingOffset),
                    "range_min": \(m.rangeMin),
                    "range_max": \(m.rangeMax)
                }
            """
        }
        return "{\n" + entries.joined(separator: ",\n") + "\n}\n"
    }

    /// Writes the file atomically.
    public func save(to url: URL) throws {
        try AtomicFile.write(jsonText(), to: url)
    }

    private static func path(_ keys: [CodingKey]) -> String {
        keys.map(\.stringValue).joined(separator: ".")
    }
}
