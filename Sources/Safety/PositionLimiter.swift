/// Clamps a policy target into each joint's position limits (calibration ∩ robot file).
///
/// Runs on each new policy target, before interpolation and smoothing, so that those filters
/// only ever see reachable positions: a target of 1e30 rad would otherwise sit in a filter's
/// state for seconds. The hard position limit of the command itself is enforced later by the
/// `VelocityLimiter` (which starts the envelope from these limits) and re-checked by the
/// `FinalGuard`.
public final class PositionLimiter: SafetyStage {
    public let name = "positionLimit"
    public let flags: SafetyFlags = .positionLimit
    private let lower: [Double]
    private let upper: [Double]

    /// Creates the limiter with `lower[j] ≤ upper[j]`, radians.
    public init(lowerRadians: [Double], upperRadians: [Double]) {
        precondition(lowerRadians.count == upperRadians.count, "one lower and one upper limit per joint")
        lower = lowerRadians
        upper = upperRadians
    }

    public func reset(startPose: UnsafeBufferPointer<Double>, state: SafetyState) {}

    /// Clamps every element of `command` into its joint's limits.
    ///
    /// - Important: Real-time: no allocation, no locks, no system calls.
    public func apply(_ command: UnsafeMutableBufferPointer<Double>, inputs: SafetyInputs, state: SafetyState) -> SafetyFlags {
        var raised: SafetyFlags = []
        for joint in 0..<command.count {
            let window = SafetyWindow(lower: lower[joint], upper: upper[joint])
            let clamped = window.clamp(command[joint])
            if clamped != command[joint] {
                command[joint] = clamped
                state.raise(.positionLimit, joint: joint)
                raised = .positionLimit
            }
        }
        return raised
    }
}
