/// What one joint's target has been doing: its last position and the velocity, acceleration
/// and jerk implied by its last four values, and from them the feed-forward of the follower.
///
/// A target whose motion the joint can follow (velocity within the limit, acceleration within
/// half, jerk within a quarter of it: the margins leave the follower room to correct) is
/// followed with its derivatives as feed-forward, exactly. Any other target — a step, noise, a
/// jump of a policy — is treated as standing still where it now is, so the follower plans to
/// stop there rather than chase a velocity that the next tick will not have.
///
/// One case in between: the corners of an interpolated target (a new policy ramp every few
/// ticks) have an unfollowable acceleration for a tick or two while the target keeps moving
/// the same way. There, up to three ticks keep the last feed-forward velocity (without
/// acceleration) instead of dropping to zero and back, which would be a kick in each corner.
///
/// A step smaller than a quarter of jerk·Δt³ is indistinguishable from the start of a motion
/// the joint can follow and is followed as one: it may overshoot by a few percent of its size
/// (a few µrad at 1 kHz).
struct TargetMotion {
    private var position: Double
    private var velocity = 0.0
    private var acceleration = 0.0
    private var fedVelocity = 0.0
    private var heldTicks = 0

    /// Ticks that keep the last feed-forward velocity through a corner.
    private static let maximumHeldTicks = 3

    /// A target at rest at `position`.
    init(at position: Double) {
        self.position = position
    }

    /// Records `target`, `dt` seconds after the previous one, and returns the reference for the
    /// follower of a joint with these limits (+∞ where not limited).
    ///
    /// - Important: Real-time: a few arithmetic operations.
    @inline(__always)
    mutating func reference(target: Double, periodSeconds dt: Double, velocityLimit: Double,
                            accelerationLimit: Double, jerkLimit: Double) -> FollowerReference {
        let newVelocity = (target - position) / dt
        let newAcceleration = (newVelocity - velocity) / dt
        let jerk = (newAcceleration - acceleration) / dt
        position = target
        velocity = newVelocity
        acceleration = newAcceleration

        let withinVelocity = Swift.abs(newVelocity) <= velocityLimit
        if withinVelocity && Swift.abs(newAcceleration) <= 0.5 * accelerationLimit && Swift.abs(jerk) <= 0.25 * jerkLimit {
            heldTicks = 0
            fedVelocity = newVelocity
            return FollowerReference(positionRadians: target, velocityRadiansPerSecond: newVelocity,
                                     accelerationRadiansPerSecond2: newAcceleration, jerkRadiansPerSecond3: jerk)
        }
        heldTicks += 1
        if withinVelocity && newVelocity * fedVelocity > 0 && heldTicks <= Self.maximumHeldTicks {
            return FollowerReference(positionRadians: target, velocityRadiansPerSecond: fedVelocity)
        }
        fedVelocity = 0
        return FollowerReference(positionRadians: target)
    }
}
