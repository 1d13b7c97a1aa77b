/// Caps the gripper's position error so that its proportional servo squeezes with bounded force.
///
/// A position-controlled gripper closing on an object pushes with a force proportional to its
/// error (command − present). Clamping the gripper command to `present ± capRadians` caps that
/// force whatever the policy asks. Same envelope rule as `MaxStepLimiter` (position and
/// velocity limits win a conflict; unknown present holds), applied to gripper joints only.
public final class GripperEffortCap: SafetyStage {
    public let name = "gripperCap"
    public let flags: SafetyFlags = [.gripperCap, .yielded]
    private let limiter: MaxStepLimiter

    /// Creates a cap of `capRadians` for the joints where `isGripper[j]` is true.
    public init(isGripper: [Bool], capRadians: Double) {
        limiter = MaxStepLimiter(maxStepRadians: capRadians, joints: isGripper, flag: .gripperCap)
    }

    /// The cap, radians.
    public var capRadians: Double { limiter.maxStepRadians }

    public func reset(startPose: UnsafeBufferPointer<Double>, state: SafetyState) {}

    /// Narrows the gripper envelopes to present ± cap and clamps their commands into them.
    ///
    /// - Important: Real-time: no allocation, no locks, no system calls.
    public func apply(_ command: UnsafeMutableBufferPointer<Double>, inputs: SafetyInputs, state: SafetyState) -> SafetyFlags {
        limiter.apply(command, inputs: inputs, state: state)
    }
}
