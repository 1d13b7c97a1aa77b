import SteadyCore

/// A planned stop: from the position, velocity and acceleration of the safety chain's last
/// commands to rest (zero velocity and acceleration) along a quintic, within the chain's
/// acceleration limit and half its jerk limit, then the pose is held. A static target at once
/// would be a step for the acceleration and jerk limiter.
///
/// The stop time T keeps the quintic's deceleration (about |a₀| + 1.5·|v₀|/T) within the
/// acceleration limit and its jerk at either end (6|v₀|/T² + 4|a₀|/T at most) within half the
/// jerk limit, and is at least two periods.
///
/// - Important: `plan` and `nextTarget` are real-time safe (the loop plans a stop inside a tick).
public final class PlannedStop {
    private let pose: JointBuffer<Double>
    private let velocity: JointBuffer<Double>
    private let acceleration: JointBuffer<Double>
    private let periodSeconds: Double
    /// The stop's length, seconds, after `plan`.
    public private(set) var seconds = 0.0
    /// The stop's length in ticks, after `plan`.
    public private(set) var ticks = 0
    private var ticksRun = Int.max

    /// A stop for `jointCount` joints ticking every `periodSeconds`.
    public init(jointCount: Int, periodSeconds: Double) {
        pose = JointBuffer(count: jointCount, repeating: 0)
        velocity = JointBuffer(count: jointCount, repeating: 0)
        acceleration = JointBuffer(count: jointCount, repeating: 0)
        self.periodSeconds = periodSeconds
    }

    /// Plans the stop from `chain`'s last command and the velocity and acceleration it implies,
    /// within `chain.limits`.
    public func plan(from chain: SafetyChain) {
        let limits = chain.limits
        var longest = 2 * periodSeconds
        for joint in 0..<pose.count {
            pose[joint] = chain.lastSafeCommand[joint]
            let v = chain.state.previousVelocity[joint], a = chain.state.previousAcceleration[joint]
            velocity[joint] = v.isFinite ? v : 0
            acceleration[joint] = a.isFinite ? a : 0
            let speed = abs(velocity[joint]), push = abs(acceleration[joint])
            let jerk = limits.jerkRadiansPerSecond3[joint]
            longest = max(longest, 3 * speed / limits.accelerationRadiansPerSecond2[joint],
                          (24 * speed / jerk).squareRoot(), 16 * push / jerk)
        }
        seconds = longest
        // Bounded so that no limit, however small, can make the conversion trap mid-run.
        ticks = Int(min((longest / periodSeconds).rounded(.up), 1e12))
        ticksRun = 1
    }

    /// Ticks until the joints are at rest (0 once they are).
    public var ticksLeft: Int { ticksRun > ticks ? 0 : ticks - ticksRun + 1 }

    /// Writes the stop's next point into `target` and returns true, or returns false once the
    /// joints are at rest (the chain then holds its last target).
    ///
    /// - Important: Real-time: arithmetic only.
    public func nextTarget(into target: UnsafeMutableBufferPointer<Double>) -> Bool {
        guard ticksRun <= ticks else { return false }
        let t = min(Double(ticksRun) * periodSeconds, seconds), T = seconds
        for joint in 0..<pose.count {
            let v = velocity[joint], a = acceleration[joint]
            let c3 = -v / (T * T) - 2 * a / (3 * T), c4 = v / (2 * T * T * T) + a / (4 * T * T)
            target[joint] = pose[joint] + t * (v + t * (a / 2 + t * (c3 + t * c4)))
        }
        ticksRun += 1
        return true
    }
}
