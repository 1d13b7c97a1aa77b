import SteadyCore

/// Steers each joint's command onto the target along a jerk-limited trajectory, and guarantees
/// the acceleration and jerk limits, and braking in time for the position limits, within the
/// hard envelope of the tick.
///
/// Two parts, one for smoothness and one for safety:
///
/// - **Follower** (`JerkLimitedFollower`, fed by `TargetMotion`): proposes the command. It
///   brakes in time to arrive on a constant target without overshoot, settles on it without
///   ringing, and follows a target that moves within the limits exactly (with the target's
///   velocity, acceleration and jerk as feed-forward). A greedy clamp toward the target — the
///   proposal being the target itself — overshoots any target it cannot reach at once and, on a
///   triple integrator, keeps oscillating about a moving one after a disturbance.
/// - **Windows**: the proposal is clamped into the windows of the limits, measured like
///   ros2_control's `JointSaturationLimiter::enforce(current, desired, period)` against the last
///   sent commands (p₀, their velocity v₀ and acceleration a₀) rather than the measured state,
///   because the servo lags its command by a few ticks and the command is what we control. The
///   implied values of a command p are `v = (p − p₀)/Δt`, `a = (v − v₀)/Δt`,
///   `j = (a − a₀)/Δt`, so each limit is a window on p:
///   1. acceleration: `p ∈ p₀ + v₀Δt ± a_max·Δt²`;
///   2. braking: p is no further toward a position limit than a command from which,
///      decelerating at a_max every tick, the joint still stops at or before the limit
///      (`BrakingDistance.maximumDisplacement`); this is what lets the position limit hold
///      without an infinite deceleration;
///   3. jerk: `p ∈ p₀ + v₀Δt + a₀Δt² ± j_max·Δt³`.
///
/// The windows are soft: each narrows the envelope (position, velocity, maximum step, gripper
/// cap — all hard) in this order, and one that cannot be met inside what the earlier ones left
/// is met as nearly as they allow (`.yielded`). With a constant period and a present position
/// that follows the command (no maximum step or gripper cap binding), acceleration and braking
/// never yield: the braking window is exact for the discrete-time motion and keeps a point
/// inside the acceleration window on every tick. Jerk yields near position limits (braking is
/// planned for acceleration only) and after any other yield. The follower respects the limits
/// itself, so the windows only bind after a disturbance: a yield, a skipped tick, a derated
/// velocity limit.
///
/// Raises `.accelerationLimit`, `.positionLimit` (braking) or `.jerkLimit` when the window of
/// that limit excludes the target as it came in (the limit binds: no command within it reaches
/// the target this tick), and `.yielded` when one could not be met. The follower's own
/// shaping of a target it could have reached (it rounds the corners of an interpolated one,
/// say) raises nothing, so that limiter activity in the metrics keeps meaning "the limits
/// bound what the policy asked".
public final class AccelerationJerkLimiter: SafetyStage {
    public let name = "accelerationJerkLimit"
    public let flags: SafetyFlags = [.accelerationLimit, .positionLimit, .jerkLimit, .yielded]
    private let lower: [Double]
    private let upper: [Double]
    /// Limits, or +∞ where not limited.
    private let accelerationLimits: [Double]
    private let jerkLimits: [Double]
    /// One per joint; nil for joints with neither limit, which pass through untouched.
    private let followers: [JerkLimitedFollower?]
    private let targets: JointBuffer<TargetMotion>

    /// Creates the limiter. Joints with neither an acceleration nor a jerk limit pass through
    /// untouched; the velocity limits (finite, positive) shape the follower's trajectories.
    public init(lowerRadians: [Double], upperRadians: [Double], velocityLimitsRadiansPerSecond: [Double],
                accelerationLimitsRadiansPerSecond2: [Double?], jerkLimitsRadiansPerSecond3: [Double?]) {
        let count = lowerRadians.count
        precondition(upperRadians.count == count && velocityLimitsRadiansPerSecond.count == count
                     && accelerationLimitsRadiansPerSecond2.count == count
                     && jerkLimitsRadiansPerSecond3.count == count, "one limit of each kind per joint")
        lower = lowerRadians
        upper = upperRadians
        accelerationLimits = accelerationLimitsRadiansPerSecond2.map { $0 ?? .infinity }
        jerkLimits = jerkLimitsRadiansPerSecond3.map { $0 ?? .infinity }
        followers = (0..<count).map { [accelerationLimits, jerkLimits] joint in
            accelerationLimits[joint] == .infinity && jerkLimits[joint] == .infinity ? nil
                : JerkLimitedFollower(velocityLimit: velocityLimitsRadiansPerSecond[joint],
                                      accelerationLimit: accelerationLimits[joint], jerkLimit: jerkLimits[joint])
        }
        targets = JointBuffer(count: count, repeating: TargetMotion(at: 0))
    }


    public func reset(startPose: UnsafeBufferPointer<Double>, state: SafetyState) {
        for joint in 0..<targets.count { targets[joint] = TargetMotion(at: startPose[joint]) }
    }

    /// Proposes the follower's next command toward `state.target`, narrows the envelope by the
    /// acceleration, braking and jerk windows, and clamps the proposal into what is left.
    /// (`command`, the target already clamped into the envelope, is replaced.)
    ///
    /// - Important: Real-time: no allocation, no locks, no system calls (an exponential and up
    ///   to six square roots per limited joint).
    public func apply(_ command: UnsafeMutableBufferPointer<Double>, inputs: SafetyInputs, state: SafetyState) -> SafetyFlags {
        let period = inputs.periodSeconds
        var raised: SafetyFlags = []
        for joint in 0..<command.count {
            guard let follower = followers[joint] else { continue }
            let accelerationLimit = accelerationLimits[joint], jerkLimit = jerkLimits[joint]
            let previous = state.previousCommand[joint], velocity = state.previousVelocity[joint]
            let acceleration = state.previousAcceleration[joint]
            let limits = SafetyWindow(lower: lower[joint], upper: upper[joint])
            let wanted = state.target[joint]
            let target = wanted.isFinite ? limits.clamp(wanted) : previous
            let reference = targets.mutablePointer[joint].reference(target: target, periodSeconds: period,
                                                     velocityLimit: follower.velocityLimit,
                                                     accelerationLimit: accelerationLimit, jerkLimit: jerkLimit)
            let proposal = follower.nextCommand(position: previous, velocity: velocity, acceleration: acceleration,
                                                reference: reference, periodSeconds: period)
            let incoming = command[joint]

            let coast = previous + velocity * period
            var window = state.envelope(joint)
            var allMet = true
            var jointFlags: SafetyFlags = []
            // The flags follow the target (`value`); the command sent is the proposal.
            var value = window.clamp(incoming)
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
                let center = coast + acceleration * period * period
                allMet = window.narrow(to: SafetyWindow(center: center, halfWidth: jerkLimit * period * period * period)) && allMet
                if clamp(&value, window) { jointFlags.insert(.jerkLimit) }
            }
            if !allMet { jointFlags.insert(.yielded) }
            state.setEnvelope(joint, window)
            command[joint] = window.clamp(proposal)
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
