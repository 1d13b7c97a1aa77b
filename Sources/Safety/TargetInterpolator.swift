import SteadyCore

/// Upsamples a slow policy (10–30 Hz) to the loop rate by linear interpolation.
///
/// When a new target arrives, a ramp starts from where the interpolated command is now and
/// reaches the new target one policy period later; each tick moves along it by the tick's
/// period. With no new target, the command holds the end of the ramp. Starting from the present
/// interpolated point, not from the previous target, keeps the command continuous when a target
/// comes early or late.
///
/// With a 10 Hz policy and a 100 Hz loop, the k-th tick after a new target (k = 1…10, counting
/// the arrival tick as 1) commands `previous + (new − previous) · k/10`.
public final class TargetInterpolator: SafetyStage {
    public let name = "interpolation"
    public let flags: SafetyFlags = .interpolation
    /// The policy period the ramps last, seconds.
    public let policyPeriodSeconds: Double
    private let rampStart: JointBuffer<Double>
    private let rampEnd: JointBuffer<Double>
    private let output: JointBuffer<Double>
    private var elapsedSeconds: Double

    /// Creates an interpolator for `jointCount` joints and a policy of the given period.
    public init(jointCount: Int, policyPeriodSeconds: Double) {
        precondition(policyPeriodSeconds > 0 && policyPeriodSeconds.isFinite, "policy period must be positive")
        self.policyPeriodSeconds = policyPeriodSeconds
        rampStart = JointBuffer(count: jointCount, repeating: 0)
        rampEnd = JointBuffer(count: jointCount, repeating: 0)
        output = JointBuffer(count: jointCount, repeating: 0)
        elapsedSeconds = policyPeriodSeconds
    }


    public func reset(startPose: UnsafeBufferPointer<Double>, state: SafetyState) {
        for joint in 0..<output.count {
            rampStart[joint] = startPose[joint]
            rampEnd[joint] = startPose[joint]
            output[joint] = startPose[joint]
        }
        elapsedSeconds = policyPeriodSeconds
    }

    /// Starts a ramp to `command` if `state.hasNewTarget`, then replaces `command` by the point
    /// of the ramp `inputs.periodSeconds` further on.
    ///
    /// - Important: Real-time: no allocation, no locks, no system calls.
    public func apply(_ command: UnsafeMutableBufferPointer<Double>, inputs: SafetyInputs, state: SafetyState) -> SafetyFlags {
        if state.hasNewTarget {
            for joint in 0..<output.count {
                rampStart[joint] = output[joint]
                rampEnd[joint] = command[joint]
            }
            elapsedSeconds = 0
        }
        elapsedSeconds += inputs.periodSeconds
        // Summing periods drifts by an ulp or two; a ramp that is within a nanosecond of its end
        // has ended.
        let fraction = elapsedSeconds >= policyPeriodSeconds - 1e-9 ? 1 : elapsedSeconds / policyPeriodSeconds
        var raised: SafetyFlags = []
        for joint in 0..<output.count {
            let start = rampStart[joint], end = rampEnd[joint]
            let point = fraction == 1 ? end : start + (end - start) * fraction
            output[joint] = point
            if point != command[joint] {
                command[joint] = point
                state.raise(.interpolation, joint: joint)
                raised = .interpolation
            }
        }
        return raised
    }
}
