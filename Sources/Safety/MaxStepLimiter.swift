/// Keeps the command within a maximum step of the present position (LeRobot's
/// `max_relative_target`): the servo is never asked to close more than `maxStepRadians` of
/// error at once, which bounds how hard a proportional servo pushes.
///
/// Narrows the hard envelope with `[present − step, present + step]`. If that window does not
/// meet the envelope (the present position is further than `step` from every position the
/// position and velocity limits allow, e.g. the arm was pushed away or reads outside its
/// limits), the position and velocity limits win: the envelope collapses to its end nearest the
/// present position, so the command walks toward the arm at the velocity limit instead of
/// jumping, and `.yielded` is raised. A present position that is unknown (NaN) collapses the
/// envelope to the last sent command: hold until the arm is seen again.
public final class MaxStepLimiter: SafetyStage {
    public let name = "maxStep"
    public let flags: SafetyFlags = [.maxStep, .yielded]
    /// The maximum step, radians.
    public let maxStepRadians: Double
    private let applies: [Bool]
    private let flag: SafetyFlags

    /// Creates a limiter of `maxStepRadians` for every joint.
    public convenience init(jointCount: Int, maxStepRadians: Double) {
        self.init(maxStepRadians: maxStepRadians, joints: Array(repeating: true, count: jointCount), flag: .maxStep)
    }

    /// Creates a limiter of `maxStepRadians` for the joints where `joints[j]` is true, raising
    /// `flag` when it clamps (the `GripperEffortCap` is this limiter on the gripper joints).
    init(maxStepRadians: Double, joints: [Bool], flag: SafetyFlags) {
        precondition(maxStepRadians > 0 && maxStepRadians.isFinite, "maximum step must be positive")
        self.maxStepRadians = maxStepRadians
        applies = joints
        self.flag = flag
    }

    public func reset(startPose: UnsafeBufferPointer<Double>, state: SafetyState) {}

    /// Narrows the envelope to present ± step (or its point nearest to it) and clamps `command`
    /// into it.
    ///
    /// - Important: Real-time: no allocation, no locks, no system calls.
    public func apply(_ command: UnsafeMutableBufferPointer<Double>, inputs: SafetyInputs, state: SafetyState) -> SafetyFlags {
        var raised: SafetyFlags = []
        for joint in 0..<applies.count where applies[joint] {
            let present = inputs.presentPositions[joint]
            let window = present.isFinite
                ? SafetyWindow(center: present, halfWidth: maxStepRadians)
                : SafetyWindow(lower: state.previousCommand[joint], upper: state.previousCommand[joint])
            var envelope = state.envelope(joint)
            let met = envelope.narrow(to: window)
            state.setEnvelope(joint, envelope)
            var jointFlags: SafetyFlags = met ? [] : .yielded
            let sent = envelope.clamp(command[joint])
            if sent != command[joint] {
                command[joint] = sent
                jointFlags.insert(flag)
            }
            if !jointFlags.isEmpty {
                state.raise(jointFlags, joint: joint)
                raised.formUnion(jointFlags)
            }
        }
        return raised
    }
}
