/// Which safety stages changed a command, or reported something, during one tick.
///
/// The chain keeps one set for the whole tick and one per joint; both are cleared at the start
/// of every tick, so a flag means "this tick", never "ever".
public struct SafetyFlags: OptionSet, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// A policy target held a NaN or an infinity and was replaced by the last safe command.
    public static let nanGuard = SafetyFlags(rawValue: 1 << 0)
    /// A target was clamped into the joint's position limits, or the limiter braked early so
    /// that the command can stop before a position limit.
    public static let positionLimit = SafetyFlags(rawValue: 1 << 1)
    /// The command was slowed to the velocity limit (against the previous command).
    public static let velocityLimit = SafetyFlags(rawValue: 1 << 2)
    /// The change of velocity was limited to the acceleration limit.
    public static let accelerationLimit = SafetyFlags(rawValue: 1 << 3)
    /// The change of acceleration was limited to the jerk limit.
    public static let jerkLimit = SafetyFlags(rawValue: 1 << 4)
    /// The command was clamped to present position ± maximum step.
    public static let maxStep = SafetyFlags(rawValue: 1 << 5)
    /// The smoothing filter moved the command (by more than 1e-9 rad).
    public static let smoothing = SafetyFlags(rawValue: 1 << 6)
    /// The command is a point on the ramp between two policy targets, not the newest target.
    public static let interpolation = SafetyFlags(rawValue: 1 << 7)
    /// The gripper command was clamped to present position ± the effort cap.
    public static let gripperCap = SafetyFlags(rawValue: 1 << 8)
    /// A stall was detected and reported as a `SafetyEvent.stall`.
    public static let stall = SafetyFlags(rawValue: 1 << 9)
    /// A motor is hot enough that its velocity limit is derated, or that a stop was requested.
    public static let temperature = SafetyFlags(rawValue: 1 << 10)
    /// A limit could not be met because a higher-priority limit excluded every point that meets
    /// it; the command is the point nearest to it that the higher-priority limits allow.
    /// See `SafetyChain` for the priority order.
    public static let yielded = SafetyFlags(rawValue: 1 << 11)
    /// The final guard had to correct the command. It re-checks the hard limits independently of
    /// the other stages, so this flag means a defect in an earlier stage.
    public static let finalClamp = SafetyFlags(rawValue: 1 << 12)

    /// Every flag with its name, in bit order (for logs and `description`).
    public static let named: [(flag: SafetyFlags, name: String)] = [
        (.nanGuard, "nanGuard"), (.positionLimit, "positionLimit"), (.velocityLimit, "velocityLimit"),
        (.accelerationLimit, "accelerationLimit"), (.jerkLimit, "jerkLimit"), (.maxStep, "maxStep"),
        (.smoothing, "smoothing"), (.interpolation, "interpolation"), (.gripperCap, "gripperCap"),
        (.stall, "stall"), (.temperature, "temperature"), (.yielded, "yielded"),
        (.finalClamp, "finalClamp"),
    ]

    /// The names of the flags that are set, e.g. `[velocityLimit, maxStep]`. Allocates: not for
    /// the control tick.
    public var description: String {
        "[" + Self.named.filter { contains($0.flag) }.map(\.name).joined(separator: ", ") + "]"
    }
}
