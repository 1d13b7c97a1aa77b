import SteadyCore

/// Smooths the target each tick with an exponential moving average or a second-order
/// Butterworth low-pass, so that a jittery policy does not make the servos buzz.
///
/// The filters run before the limits: they shape the motion, the limits then bound it. The
/// Butterworth step response overshoots by about 4 %; the overshoot is clipped by the position
/// limits downstream. Both filters start at rest at the start pose, so a reset does not make
/// the command jump.
///
/// The flag is raised when the filter moves a joint's command by more than 1e-9 rad (a filter
/// converges to its input but may never equal it to the last bit).
public final class TargetSmoother: SafetyStage {
    public let name = "smoothing"
    public let flags: SafetyFlags = .smoothing
    /// The filter in use.
    public let smoothing: SafetyConfiguration.Smoothing
    // Direct form I state: x[n−1], x[n−2], y[n−1], y[n−2]. The EMA uses y[n−1] only.
    private let x1: JointBuffer<Double>
    private let x2: JointBuffer<Double>
    private let y1: JointBuffer<Double>
    private let y2: JointBuffer<Double>
    private var coefficients = BiquadCoefficients(b0: 1, b1: 0, b2: 0, a1: 0, a2: 0)
    private var coefficientsPeriodSeconds = 0.0

    /// Creates a smoother for `jointCount` joints.
    public init(jointCount: Int, smoothing: SafetyConfiguration.Smoothing) {
        self.smoothing = smoothing
        x1 = JointBuffer(count: jointCount, repeating: 0)
        x2 = JointBuffer(count: jointCount, repeating: 0)
        y1 = JointBuffer(count: jointCount, repeating: 0)
        y2 = JointBuffer(count: jointCount, repeating: 0)
    }


    public func reset(startPose: UnsafeBufferPointer<Double>, state: SafetyState) {
        for joint in 0..<x1.count {
            x1[joint] = startPose[joint]
            x2[joint] = startPose[joint]
            y1[joint] = startPose[joint]
            y2[joint] = startPose[joint]
        }
    }

    /// Replaces `command` by the filter's output for it.
    ///
    /// - Important: Real-time: no allocation, no locks, no system calls. The low-pass computes
    ///   its coefficients (one `tan`) only when the period changes.
    public func apply(_ command: UnsafeMutableBufferPointer<Double>, inputs: SafetyInputs, state: SafetyState) -> SafetyFlags {
        switch smoothing {
        case .none:
            return []
        case .ema(let alpha):
            var raised: SafetyFlags = []
            for joint in 0..<x1.count {
                let input = command[joint]
                let output = y1[joint] + alpha * (input - y1[joint])
                y1[joint] = output
                raised.formUnion(set(command, joint, output, input: input, state: state))
            }
            return raised
        case .lowPass(let cutoffHertz):
            if inputs.periodSeconds != coefficientsPeriodSeconds {
                coefficients = .butterworthLowPass(cutoffHertz: cutoffHertz, periodSeconds: inputs.periodSeconds)
                coefficientsPeriodSeconds = inputs.periodSeconds
            }
            let c = coefficients
            var raised: SafetyFlags = []
            for joint in 0..<x1.count {
                let input = command[joint]
                let output = c.b0 * input + c.b1 * x1[joint] + c.b2 * x2[joint] - c.a1 * y1[joint] - c.a2 * y2[joint]
                x2[joint] = x1[joint]
                x1[joint] = input
                y2[joint] = y1[joint]
                y1[joint] = output
                raised.formUnion(set(command, joint, output, input: input, state: state))
            }
            return raised
        }
    }

    @inline(__always)
    private func set(_ command: UnsafeMutableBufferPointer<Double>, _ joint: Int, _ output: Double, input: Double,
                     state: SafetyState) -> SafetyFlags {
        command[joint] = output
        guard abs(output - input) > 1e-9 else { return [] }
        state.raise(.smoothing, joint: joint)
        return .smoothing
    }
}
