import Foundation

/// Where a joint's command should be heading: the target and, where the target moves in a way
/// the joint can follow, its velocity, acceleration and jerk (zero otherwise).
///
/// The derivatives are feed-forward: with them a reachable moving target is followed exactly,
/// without them it is followed with a lag. `TargetMotion` estimates them from the targets.
struct FollowerReference: Equatable {
    var positionRadians: Double
    var velocityRadiansPerSecond = 0.0
    var accelerationRadiansPerSecond2 = 0.0
    var jerkRadiansPerSecond3 = 0.0
}

/// A third-order trajectory follower for one joint: the next command that brings the position,
/// velocity and acceleration of the command onto a reference without overshoot, within the
/// velocity, acceleration and jerk limits.
///
/// Works on the error between the reference and the command, a triple integrator driven by the
/// jerk, with three nested loops, each one's output the next one's wanted value:
/// 1. position gap → wanted closing velocity: the speed from which the joint can still stop in
///    the gap, braking at half the acceleration and half the jerk limit (the other half lets the
///    inner loops catch up); `BrakingDistance` gives it exactly in discrete time, and
///    `v²/2a + v·a/2j ≤ gap` adds the time the jerk limit needs to build up the deceleration;
/// 2. closing velocity error → wanted closing acceleration, `√(2·j·Δv)`, so that the
///    acceleration is back to zero when the velocity arrives (no overshoot of the velocity);
/// 3. acceleration error → jerk, clamped to the jerk limit.
///
/// Near the reference each loop is linear instead, with gains that put all three poles of the
/// discrete closed loop at `r = e^(−λΔt)`, λ = jerk/acceleration: critically damped, so a small
/// error decays without ringing and the loop has no limit cycle (a bang-bang law on a triple
/// integrator chatters). The shaping curves are continuous and meet the linear parts where they
/// are slower, so every loop takes the gentler of the two.
///
/// Nothing here is a hard limit: the caller clamps the result into the windows of
/// `AccelerationJerkLimiter`, which guarantee the limits whatever this returns.
struct JerkLimitedFollower {
    let velocityLimit: Double
    let accelerationLimit: Double
    let jerkLimit: Double
    /// The acceleration the follower plans with: the limit, or what the jerk and velocity limits
    /// leave usable (`√(j·v)`: a higher one is never reached before the velocity limit).
    private let planningAcceleration: Double
    /// The acceleration and jerk budgets of the braking curve of loop 1.
    private let brakingAcceleration: Double
    private let brakingJerk: Double
    /// λ of the linear region, 1/s (+∞ without a jerk limit: dead-beat).
    private let bandwidth: Double

    /// A follower for a joint with these limits (+∞ where not limited; the velocity limit must
    /// be finite, and the acceleration or the jerk limit too).
    init(velocityLimit: Double, accelerationLimit: Double, jerkLimit: Double) {
        precondition(velocityLimit.isFinite && velocityLimit > 0, "the follower needs a finite velocity limit")
        precondition(accelerationLimit.isFinite || jerkLimit.isFinite, "nothing to follow without acceleration or jerk limit")
        self.velocityLimit = velocityLimit
        self.accelerationLimit = accelerationLimit
        self.jerkLimit = jerkLimit
        planningAcceleration = Swift.min(accelerationLimit, (jerkLimit * velocityLimit).squareRoot())
        brakingAcceleration = 0.5 * planningAcceleration
        brakingJerk = 0.5 * jerkLimit
        bandwidth = jerkLimit / planningAcceleration
    }

    /// The next command, `periodSeconds` after the previous one (`position`, with the implied
    /// `velocity` and `acceleration` of the last commands), toward `reference`.
    ///
    /// - Important: Real-time: no allocation; an exponential and up to four square roots.
    @inline(__always)
    func nextCommand(position: Double, velocity: Double, acceleration: Double,
                     reference: FollowerReference, periodSeconds dt: Double) -> Double {
        let poleRadius = bandwidth.isFinite ? exp(-bandwidth * dt) : 0
        let r = poleRadius, r2 = r * r
        let positionGain = (1 - r) / ((1 + 2 * r) * dt)
        let velocityGain = (1 - r) * (1 + 2 * r) / ((1 + r + r2) * dt)
        let accelerationBlend = 1 - r2 * r

        // The errors at the previous tick, against the reference extrapolated back one period
        // along its own motion, so that a command on a reachable reference stays on it exactly.
        let gap = reference.positionRadians - reference.velocityRadiansPerSecond * dt - position
        let closingVelocity = velocity - (reference.velocityRadiansPerSecond - reference.accelerationRadiansPerSecond2 * dt)
        let closingAcceleration = acceleration - (reference.accelerationRadiansPerSecond2 - reference.jerkRadiansPerSecond3 * dt)

        // Loop 1: position gap → closing velocity.
        let distance = Swift.abs(gap)
        var speed = BrakingDistance.maximumDisplacement(distance: distance, decrement: brakingAcceleration * dt * dt) / dt
        if jerkLimit.isFinite { speed = Swift.min(speed, jerkLimitedBrakingSpeed(distance: distance)) }
        speed = Swift.min(speed, positionGain * distance)
        let referenceVelocity = reference.velocityRadiansPerSecond
        let wantedVelocity = clamp(gap < 0 ? -speed : speed,
                                   -velocityLimit - referenceVelocity, velocityLimit - referenceVelocity)

        // Loop 2: closing velocity error → closing acceleration.
        let velocityError = wantedVelocity - closingVelocity
        var push = velocityGain * Swift.abs(velocityError)
        if jerkLimit.isFinite { push = Swift.min(push, (2 * brakingJerk * Swift.abs(velocityError)).squareRoot()) }
        let referenceAcceleration = reference.accelerationRadiansPerSecond2
        let wantedAcceleration = clamp(velocityError < 0 ? -push : push,
                                       -accelerationLimit - referenceAcceleration, accelerationLimit - referenceAcceleration)

        // Loop 3: acceleration error → jerk.
        let step = jerkLimit * dt
        let newClosingAcceleration = closingAcceleration
            + clamp(accelerationBlend * (wantedAcceleration - closingAcceleration), -step, step)
        let newAcceleration = referenceAcceleration + newClosingAcceleration
        return position + (velocity + newAcceleration * dt) * dt
    }

    /// The largest speed from which the joint stops within `distance`, with the braking
    /// acceleration reached at the braking jerk: the root of `v²/2a + v·a/2j = distance`.
    /// Conservative below `a²/j`, where the deceleration never reaches a.
    @inline(__always)
    private func jerkLimitedBrakingSpeed(distance: Double) -> Double {
        let a = brakingAcceleration, half = a * a / (2 * brakingJerk)
        // 2ad / (√(h² + 2ad) + h) is the root without the cancellation of √(…) − h.
        return 2 * a * distance / ((half * half + 2 * a * distance).squareRoot() + half)
    }

    @inline(__always)
    private func clamp(_ value: Double, _ lower: Double, _ upper: Double) -> Double {
        value < lower ? lower : (value > upper ? upper : value)
    }
}
