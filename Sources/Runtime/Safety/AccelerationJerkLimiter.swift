/// Limits acceleration and jerk against the previous commands, and brakes in time for the
/// position limits, within the hard envelope of the tick.
///
/// Works like ros2_control's `JointSaturationLimiter::enforce(current, desired, period)` on a
/// position command, measured against the last sent commands (p₀, their velocity v₀ and
/// acceleration a₀) rather than the measured state, because the servo lags its command by a few
/// ticks and the command is what we control. The implied values of a command p are
/// `v = (p − p₀)/Δt`, `a = (v − v₀)/Δt`, `j = (a − a₀)/Δt`, so each limit is a window on p:
///
/// 1. acceleration: `p ∈ p₀ + v₀Δt ± a_max·Δt²`;
/// 2. braking: p is no further toward a position limit than a command from which, decelerating
///    at a_max every tick, the joint still stops at or before the limit
///    (`BrakingDistance.maximumDisplacement`); this is what lets the position limit hold without
///    an infinite deceleration;
/// 3. jerk: `p ∈ p₀ + v₀Δt + a₀Δt² ± j_max·Δt³`.
///
/// These limits are soft: each window narrows the envelope (position, velocity, maximum step,
/// gripper cap — all hard) in this order, and one that cannot be met inside what the earlier
/// ones left is met as nearly as they allow (`.yielded`). With a constant period and a present
/// position that follows the command (no maximum step or gripper cap binding), acceleration
/// and braking never yield: the braking window is exact for the discrete-time motion and keeps
/// a point inside the acceleration window on every tick. Jerk yields near position limits
/// (braking is planned for acceleration only) and after any other yield.
///
/// Raises `.accelerationLimit`, `.positionLimit` (braking) or `.jerkLimit` when the window of
/// that limit moved the command, and `.yielded` when one could not be met.
public final class AccelerationJerkLimiter: SafetyStage {
    public let name = "accelerationJerkLimit"
    public let flags: SafetyFlags = [.accelerationLimit, .positionLimit, .jerkLimit, .yielded]
    private let lower: [Double]
    private let upper: [Double]
    /// Limits, or +∞ where not limited.
    private let accelerationLimits: [Double]
    private let jerkLimits: [Double]

    /// Creates the limiter. Joints with neither limit pass through untouched.
    public init(lowerRadians: [Double], upperRadians: [Double], accelerationLimitsRadiansPerSecond2: [Double?],
                jerkLimitsRadiansPerSecond3: [Double?]) {
        let count = lowerRadians.count
        precondition(upperRadians.count == count && accelerationLimitsRadiansPerSecond2.count == count
                     && jerkLimitsRadiansPerSecond3.count == count, "one limit of each kind per joint")
        lower = lowerRadians
        upper = upperRadians
        accelerationLimits = accelerationLimitsRadiansPerSecond2.map { $0 ?? .infinity }
        jerkLimits = jerkLimitsRadiansPerSecond3.map { $0 ?? .infinity }
    }

    public func reset(startPose: UnsafeBufferPointer<Double>, state: SafetyState) {}

    /// Narrows the envelope by the acceleration, braking and jerk windows and clamps `command`
    /// into what is left.
    ///
    /// - Important: Real-time: no allocation, no locks, no system calls (two square roots per
    ///   acceleration-limited joint).
    public func apply(_ command: UnsafeMutableBufferPointer<Double>, inputs: SafetyInputs, state: SafetyState) -> SafetyFlags {
        let period = inputs.periodSeconds
        var raised: SafetyFlags = []
        for joint in 0..<command.count {
            let accelerationLimit = accelerationLimits[joint], jerkLimit = jerkLimits[joint]
            if accelerationLimit == .infinity && jerkLimit == .infinity { continue }
            let previous = state.previousCommand[joint]
            let coast = previous + state.previousVelocity[joint] * period
            var window = state.envelope(joint)
            var allMet = true
            var jointFlags: SafetyFlags = []
            var value = window.clamp(command[joint])

            if accelerationLimit != .infinity {
                let decrement = accelerationLimit * period * period
                allMet = window.narrow(to: SafetyWindow(center: coast, halfWidth: decrement)) && allMet
                if clamp(&value, window) { jointFlags.insert(.accelerationLimit) }

                let towardUpper = BrakingDistance.maximumDisplacement(distance: upper[joint] - previous, decrement: decrement)
                let towardLower = BrakingDistance.maximumDisplacement(distance: previous - lower[joint], decrement: decrement)
                let braking = SafetyWindow(lower: Swift.max(lower[joint], previous - towardLower),
                                           upper: Swift.min(upper[joint], previous + towardUpper))
                allMet = window.narrow(to: braking) && allMet
                if clamp(&value, window) { jointFlags.insert(.positionLimit) }
            }
            if jerkLimit != .infinity {
                let center = coast + state.previousAcceleration[joint] * period * period
                allMet = window.narrow(to: SafetyWindow(center: center, halfWidth: jerkLimit * period * period * period)) && allMet
                if clamp(&value, window) { jointFlags.insert(.jerkLimit) }
            }
            if !allMet { jointFlags.insert(.yielded) }
            state.setEnvelope(joint, window)
            command[joint] = value
            if !jointFlags.isEmpty {
                state.raise(jointFlags, joint: joint)
                raised.formUnion(jointFlags)
            }
        }
        return raised
    }

    /// Clamps `value` into `window`; whether it moved.
    @inline(__always)
    private func clamp(_ value: inout Double, _ window: SafetyWindow) -> Bool {
        let clamped = window.clamp(value)
        defer { value = clamped }
        return clamped != value
    }
}
