/// The last check before a command is sent: finite, inside the position limits, and within the
/// robot file's velocity limit of the previous command.
///
/// It recomputes these limits from the configuration alone, independently of the envelope the
/// other stages built, so that no defect in them can send an unchecked command. A non-finite
/// value holds the last sent command; anything else outside is clamped. In a correct chain it
/// never changes anything: `.finalClamp` means a bug upstream.
public final class FinalGuard: SafetyStage {
    public let name = "finalGuard"
    public let flags: SafetyFlags = .finalClamp
    private let lower: [Double]
    private let upper: [Double]
    private let velocityLimits: [Double]

    /// Creates the guard from the position and velocity limits.
    public init(lowerRadians: [Double], upperRadians: [Double], velocityLimitsRadiansPerSecond: [Double]) {
        precondition(lowerRadians.count == upperRadians.count && upperRadians.count == velocityLimitsRadiansPerSecond.count,
                     "one limit of each kind per joint")
        lower = lowerRadians
        upper = upperRadians
        velocityLimits = velocityLimitsRadiansPerSecond
    }

    public func reset(startPose: UnsafeBufferPointer<Double>, state: SafetyState) {}

    /// Makes `command` finite and within position limits ∩ previous command ± v_max·Δt.
    ///
    /// - Important: Real-time: no allocation, no locks, no system calls.
    public func apply(_ command: UnsafeMutableBufferPointer<Double>, inputs: SafetyInputs, state: SafetyState) -> SafetyFlags {
        var raised: SafetyFlags = []
        for joint in 0..<command.count {
            let previous = state.previousCommand[joint]
            var allowed = SafetyWindow(lower: lower[joint], upper: upper[joint])
            _ = allowed.narrow(to: SafetyWindow(center: previous, halfWidth: velocityLimits[joint] * inputs.periodSeconds))
            let value = command[joint]
            let safe = value.isFinite ? allowed.clamp(value) : allowed.clamp(previous)
            if safe != value {
                command[joint] = safe
                state.raise(.finalClamp, joint: joint)
                raised = .finalClamp
            }
        }
        return raised
    }
}
