import ServoWire
import SteadyCore

/// A motor whose calibration registers hold something else than the calibration file says.
public struct CalibrationMismatch: Equatable, Sendable, CustomStringConvertible {
    /// The joint and its motor.
    public var joint: String
    public var id: ServoID
    /// `Homing_Offset`, `Min_Position_Limit` or `Max_Position_Limit`.
    public var register: String
    /// What the motor holds, and what the file says.
    public var motorValue: Int
    public var fileValue: Int

    public var description: String { "\(joint) (motor \(id)) \(register) \(motorValue) (file \(fileValue))" }
}

/// The motors disagree with the calibration file: positions would be read and commanded wrong.
public struct CalibrationMismatchError: Error, Equatable, CustomStringConvertible {
    /// The calibration file.
    public var file: String
    /// Every disagreement, in joint order.
    public var mismatches: [CalibrationMismatch]

    public var description: String {
        let joints = mismatches.map(\.joint).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let perJoint = joints.map { joint in
            let own = mismatches.filter { $0.joint == joint }
            return "\(joint) (motor \(own[0].id)) " + own.map { "\($0.register) \($0.motorValue) (file \($0.fileValue))" }.joined(separator: ", ")
        }
        return "the motors of \(joints.joined(separator: ", ")) disagree with \(file): " + perJoint.joined(separator: "; ")
            + ". An interrupted calibration, or a file of another arm? Calibrate again (steady calibrate), "
            + "or pass --ignore-calibration-mismatch to use the file as it is"
    }
}

extension RobotBus {
    /// Reads every motor's Homing_Offset and position limits and compares them with
    /// `calibration`'s `homing_offset`, `range_min` and `range_max`.
    /// - Throws: `CalibrationMismatchError` naming `file`, each joint and register, when any differs;
    ///   bus errors naming the motor.
    public func verifyCalibration(_ calibration: RobotCalibration, file: String) throws {
        var mismatches: [CalibrationMismatch] = []
        for (index, (joint, motor)) in zip(robot.joints, calibration.motors).enumerated() {
            let expected: [(RegisterName, Int)] = [(.homingOffset, motor.homingOffset), (.minPositionLimit, motor.rangeMin),
                                                   (.maxPositionLimit, motor.rangeMax)]
            for (register, value) in expected where tables[index][register] != nil {
                let held = try read(register, joint: index)
                if held != value {
                    mismatches.append(CalibrationMismatch(joint: joint.name, id: joint.id, register: register.description,
                                                          motorValue: held, fileValue: value))
                }
            }
        }
        if !mismatches.isEmpty { throw CalibrationMismatchError(file: file, mismatches: mismatches) }
    }
}
