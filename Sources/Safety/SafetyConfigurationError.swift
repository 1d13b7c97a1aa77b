/// A safety configuration that cannot be used, naming the joint or option at fault.
public enum SafetyConfigurationError: Error, Equatable, CustomStringConvertible {
    /// The configuration lists no joints.
    case noJoints
    /// A per-joint array has the wrong number of elements.
    case jointCountMismatch(field: String, expected: Int, actual: Int)
    /// Position limits are not finite, or empty (e.g. calibration and robot file do not overlap).
    case invalidPositionLimits(joint: String, lower: Double, upper: Double)
    /// A velocity, acceleration or jerk limit is not finite and positive.
    case invalidLimit(joint: String, limit: String, value: Double)
    /// Temperature thresholds are out of order or out of range.
    case invalidTemperatureThresholds(joint: String, problem: String)
    /// Stall thresholds are out of range.
    case invalidStallThresholds(problem: String)
    /// A chain-wide option (max step, gripper cap, policy period, smoothing) is out of range.
    case invalidOption(option: String, value: Double)

    public var description: String {
        switch self {
        case .noJoints:
            return "safety configuration has no joints"
        case .jointCountMismatch(let field, let expected, let actual):
            return "safety configuration: \(field) has \(actual) entries, expected one per joint (\(expected))"
        case .invalidPositionLimits(let joint, let lower, let upper):
            return "joint \(joint): position limits [\(lower), \(upper)] rad are empty or not finite"
                + " (do the calibration range and robot.yaml overlap?)"
        case .invalidLimit(let joint, let limit, let value):
            return "joint \(joint): \(limit) limit \(value) must be finite and positive"
        case .invalidTemperatureThresholds(let joint, let problem):
            return "joint \(joint): temperature thresholds \(problem)"
        case .invalidStallThresholds(let problem):
            return "stall thresholds: \(problem)"
        case .invalidOption(let option, let value):
            return "safety option \(option) = \(value) is out of range"
        }
    }
}
