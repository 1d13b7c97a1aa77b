import ServoWire
import SteadyCore

/// Calibrates an arm as LeRobot does, step by step: torque off and homing cleared (`begin`);
/// the pose the arm is held in becomes the middle of every joint's range, each motor's
/// Homing_Offset set so that it reads the half turn there (`recordMiddle`); ranges taken from a
/// sweep of every joint (`sampleRange`, as often as the caller likes) or from robot.yaml's limits
/// (`takeRangesFromRobot`); position limits written and the calibration returned (`finish`).
///
/// The caller decides when each step happens (prompts, Enter, a timed sweep) and where the file
/// goes: `steady calibrate` only wires this to the terminal.
///
/// Transactional toward the motors: `begin` reads every motor's Homing_Offset and position
/// limits before it changes anything, and `restore` writes them back, so a calibration that is
/// interrupted or fails leaves the motors as they were (and as their calibration file says).
public final class CalibrationProcedure {
    /// Joints that turn freely and get the whole encoder range, as LeRobot treats wrist_roll.
    public static let fullTurnJoints: Set<String> = ["wrist_roll"]

    public let bus: RobotBus
    public var robot: RobotDescription { bus.robot }
    /// Each motor's Homing_Offset after `recordMiddle`.
    public private(set) var offsets: [Int]
    /// The lowest and highest homed positions seen (or taken from robot.yaml), raw ticks.
    public private(set) var low: [Int]
    public private(set) var high: [Int]
    /// Each motor's half turn: where it reads after homing in the middle pose (2047 of 4096).
    private let half: [Int]
    /// Per joint, the Homing_Offset, Min_Position_Limit and Max_Position_Limit before `begin`
    /// changed them; nil until `begin` has read them.
    public private(set) var previous: [[Int]]?
    /// The registers `previous` holds, in its order.
    public static let savedRegisters: [RegisterName] = [.homingOffset, .minPositionLimit, .maxPositionLimit]

    /// A procedure for the arm on `bus`.
    public init(bus: RobotBus) {
        self.bus = bus
        half = bus.robot.joints.map(\.model.halfTurnTicks)
        offsets = Array(repeating: 0, count: half.count)
        low = half
        high = half
    }

    /// Checks every motor, saves its calibration registers (`previous`), switches torque off and
    /// clears homing: offsets 0, limits the whole turn.
    public func begin() throws {
        try bus.verifyMotors()
        previous = try robot.joints.indices.map { joint in try Self.savedRegisters.map { try bus.read($0, joint: joint) } }
        try bus.setTorque(false)
        try bus.write(.homingOffset, values: Array(repeating: 0, count: robot.joints.count))
        try bus.write(.minPositionLimit, values: Array(repeating: 0, count: robot.joints.count))
        try bus.write(.maxPositionLimit, values: robot.joints.map { $0.model.ticksPerRevolution - 1 })
    }

    /// Takes the present pose as the middle of every range and writes the homing offsets that
    /// make each motor read its half turn there.
    public func recordMiddle() throws {
        let middle = try bus.readPresent().map(\.positionTicks)
        offsets = zip(middle, half).map { present, half in
            robot.protocolKind == .feetech ? present - half : half - present
        }
        try bus.write(.homingOffset, values: offsets)
        low = half
        high = half
    }

    /// Reads the present positions once and widens the ranges to include them; returns them.
    public func sampleRange() throws -> [Int] {
        let positions = try bus.readPresent().map(\.positionTicks)
        for index in positions.indices {
            low[index] = min(low[index], positions[index])
            high[index] = max(high[index], positions[index])
        }
        return positions
    }

    /// Takes the ranges from robot.yaml's joint limits instead of a sweep.
    public func takeRangesFromRobot() {
        for (index, joint) in robot.joints.enumerated() {
            let ticksPerRadian = Double(joint.model.ticksPerRevolution) / (2 * .pi)
            low[index] = max(0, half[index] + Int((joint.lowerRadians * ticksPerRadian).rounded()))
            high[index] = min(joint.model.ticksPerRevolution - 1, half[index] + Int((joint.upperRadians * ticksPerRadian).rounded()))
        }
    }

    /// Writes back the calibration registers `begin` saved, torque off (an interrupted or failed
    /// calibration). Does nothing before `begin` has saved them.
    /// - Throws: bus errors naming the motor; the motors then hold neither the old values nor the new.
    public func restore() throws {
        guard let previous else { return }
        try bus.setTorque(false)
        for (index, register) in Self.savedRegisters.enumerated() {
            try bus.write(register, values: previous.map { $0[index] })
        }
    }

    /// Writes the ranges to the motors' position limits and returns the calibration (LeRobot's
    /// fields). Full-turn joints get the whole encoder range.
    /// - Throws: `CalibrationError.jointDidNotMove` for a joint whose range is empty.
    public func finish() throws -> RobotCalibration {
        var motors: [MotorCalibration] = []
        for (index, joint) in robot.joints.enumerated() {
            var (minimum, maximum) = (low[index], high[index])
            if Self.fullTurnJoints.contains(joint.name) { (minimum, maximum) = (0, joint.model.ticksPerRevolution - 1) }
            guard minimum < maximum else { throw CalibrationError.jointDidNotMove(joint: joint.name, id: joint.id) }
            motors.append(MotorCalibration(id: Int(joint.id.rawValue), driveMode: 0, homingOffset: offsets[index],
                                           rangeMin: minimum, rangeMax: maximum))
        }
        try bus.write(.minPositionLimit, values: motors.map(\.rangeMin))
        try bus.write(.maxPositionLimit, values: motors.map(\.rangeMax))
        return RobotCalibration(motors: motors, jointNames: robot.joints.map(\.name))
    }
}

/// Why a calibration could not be finished.
public enum CalibrationError: Error, Equatable, CustomStringConvertible {
    /// A joint's range is empty: it did not move during the sweep.
    case jointDidNotMove(joint: String, id: ServoID)

    public var description: String {
        switch self {
        case let .jointDidNotMove(joint, id):
            return "joint '\(joint)' (motor \(id)) did not move during the sweep: move it through its range, or use --ranges-from-robot"
        }
    }
}
