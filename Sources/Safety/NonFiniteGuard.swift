/// Rejects a policy target that holds a NaN or an infinity, and holds the last safe command.
///
/// One non-finite element condemns the whole target: a policy that produced a NaN for one joint
/// cannot be trusted for the others, and holding only some joints would turn a coordinated
/// motion into a different one. Every joint is then set to the last command actually sent
/// (`SafetyState.previousCommand`) and flagged.
///
/// Runs on each new policy target, first in the chain, so that no filter ever ingests a NaN.
public final class NonFiniteGuard: SafetyStage {
    public let name = "nanGuard"
    public let flags: SafetyFlags = .nanGuard

    /// Creates the guard.
    public init() {}

    public func reset(startPose: UnsafeBufferPointer<Double>, state: SafetyState) {}

    /// Replaces the whole target by the last safe command if any element is not finite.
    ///
    /// - Important: Real-time: no allocation, no locks, no system calls.
    public func apply(_ command: UnsafeMutableBufferPointer<Double>, inputs: SafetyInputs, state: SafetyState) -> SafetyFlags {
        var allFinite = true
        for joint in 0..<command.count where !command[joint].isFinite { allFinite = false }
        if allFinite { return [] }
        for joint in 0..<command.count {
            command[joint] = state.previousCommand[joint]
            state.raise(.nanGuard, joint: joint)
        }
        return .nanGuard
    }
}
