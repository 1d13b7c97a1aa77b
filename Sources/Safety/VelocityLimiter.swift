import SteadyCore

/// Starts the tick's hard envelope from the position limits and the velocity limit, and clamps
/// the command into it.
///
/// The envelope of joint j becomes `[lower, upper] ∩ [p₀ − v·Δt, p₀ + v·Δt]`, where p₀ is the
/// last sent command, Δt the period and v the effective velocity limit. The intersection is
/// never empty because p₀ lies in the position limits (`SafetyChain` guarantees it).
///
/// The effective limit is the robot file's limit times the temperature scale
/// (`state.velocityScale`), but it falls no faster than the acceleration limit allows
/// (`v ≥ v_prev − a·Δt`), so that a motor heating up slows down at a rate it can follow rather
/// than stopping dead. It never exceeds the robot file's limit.
///
/// Raises `.positionLimit` if the command was outside the position limits (e.g. low-pass
/// overshoot), `.velocityLimit` if it was further from p₀ than v·Δt.
public final class VelocityLimiter: SafetyStage {
    public let name = "velocityLimit"
    public let flags: SafetyFlags = [.positionLimit, .velocityLimit]
    private let lower: [Double]
    private let upper: [Double]
    private let velocityLimits: [Double]
    /// Acceleration limits, or +∞ where not limited.
    private let accelerationLimits: [Double]
    private let effectiveLimit: JointBuffer<Double>

    /// Creates the limiter; `accelerationLimitsRadiansPerSecond2` only shapes how fast a
    /// temperature derating takes effect (nil: at once).
    public init(lowerRadians: [Double], upperRadians: [Double], velocityLimitsRadiansPerSecond: [Double],
                accelerationLimitsRadiansPerSecond2: [Double?]) {
        let count = lowerRadians.count
        precondition(upperRadians.count == count && velocityLimitsRadiansPerSecond.count == count
                     && accelerationLimitsRadiansPerSecond2.count == count, "one limit of each kind per joint")
        lower = lowerRadians
        upper = upperRadians
        velocityLimits = velocityLimitsRadiansPerSecond
        accelerationLimits = accelerationLimitsRadiansPerSecond2.map { $0 ?? .infinity }
        effectiveLimit = JointBuffer(count: count, repeating: 0)
        for joint in 0..<count { effectiveLimit[joint] = velocityLimits[joint] }
    }


    /// The velocity limit in force for `joint` after the last tick, rad/s.
    public func effectiveVelocityLimit(joint: Int) -> Double { effectiveLimit[joint] }

    public func reset(startPose: UnsafeBufferPointer<Double>, state: SafetyState) {
        for joint in 0..<effectiveLimit.count { effectiveLimit[joint] = velocityLimits[joint] }
    }

    /// Sets the envelope to position limits ∩ velocity window and clamps `command` into it.
    ///
    /// - Important: Real-time: no allocation, no locks, no system calls.
    public func apply(_ command: UnsafeMutableBufferPointer<Double>, inputs: SafetyInputs, state: SafetyState) -> SafetyFlags {
        let period = inputs.periodSeconds
        var raised: SafetyFlags = []
        for joint in 0..<effectiveLimit.count {
            let limit = velocityLimits[joint]
            let derated = limit * state.velocityScale[joint]
            let slowest = effectiveLimit[joint] - accelerationLimits[joint] * period
            let effective = Swift.min(limit, Swift.max(derated, slowest))
            effectiveLimit[joint] = effective

            let positions = SafetyWindow(lower: lower[joint], upper: upper[joint])
            var envelope = positions
            let velocityMet = envelope.narrow(to: SafetyWindow(center: state.previousCommand[joint],
                                                               halfWidth: effective * period))
            state.setEnvelope(joint, envelope)

            let wanted = command[joint]
            let inside = positions.clamp(wanted)
            let sent = envelope.clamp(inside)
            var jointFlags: SafetyFlags = []
            if inside != wanted { jointFlags.insert(.positionLimit) }
            if sent != inside { jointFlags.insert(.velocityLimit) }
            if !velocityMet { jointFlags.insert(.yielded) }
            if !jointFlags.isEmpty {
                command[joint] = sent
                state.raise(jointFlags, joint: joint)
                raised.formUnion(jointFlags)
            }
        }
        return raised
    }
}
