#if canImport(Glibc)
import Glibc
#endif
import SteadyCore

/// The soft start: a quintic smoothstep ramp (velocity and acceleration zero at both ends) from
/// the safety chain's start pose to the policy's first command, at least as long as asked and
/// long enough that its peak velocity (1.875 d/T), acceleration (5.77 d/T²) and jerk (60 d/T³)
/// stay within 80 % of the chain's limits, so that the chain passes it untouched.
///
/// - Important: `target(tick:into:)` is real-time safe; `plan` allocates nothing either but
///   runs before the loop starts.
public final class SoftStart {
    private let start: JointBuffer<Double>
    private let end: JointBuffer<Double>
    /// The ramp's length, seconds, after `plan`.
    public private(set) var seconds = 0.0
    /// The ramp's length in ticks, after `plan` (0: no ramp).
    public private(set) var ticks: UInt64 = 0

    /// A soft start for `jointCount` joints (plan it before use).
    public init(jointCount: Int) {
        start = JointBuffer(count: jointCount, repeating: 0)
        end = JointBuffer(count: jointCount, repeating: 0)
    }

    /// The ramp's goal: the first command, radians.
    public var goal: UnsafeBufferPointer<Double> { end.pointer }

    /// Plans the ramp from `chain`'s last command (its start pose) to `firstAction` clamped into
    /// the position limits (a first action that is not a number holds the start pose), lasting
    /// at least `minimumSeconds` at `rateHz` ticks per second.
    public func plan(from chain: SafetyChain, toward firstAction: UnsafeBufferPointer<Float>,
                     minimumSeconds: Double, rateHz: Double) {
        let limits = chain.limits
        for joint in 0..<start.count {
            start[joint] = chain.lastSafeCommand[joint]
            let value = Double(firstAction[joint])
            end[joint] = value.isFinite ? limits.clampPosition(value, joint: joint) : start[joint]
        }
        fitDuration(limits: limits, minimumSeconds: minimumSeconds, rateHz: rateHz)
    }

    /// Plans the ramp from `pose` to `goal` clamped into the position limits (a joint whose
    /// reading or goal is not a number stays where it is), as long as `limits` need and at least
    /// `minimumSeconds`, at `rateHz` calls of `target` per second: how a runtime brings an arm
    /// back to an episode's start pose.
    ///
    /// - Important: Real-time: arithmetic only.
    public func plan(from pose: UnsafeBufferPointer<Double>, toward goal: UnsafeBufferPointer<Double>, limits: MotionLimits,
                     minimumSeconds: Double, rateHz: Double) {
        for joint in 0..<start.count {
            start[joint] = pose[joint]
            let value = goal[joint]
            end[joint] = value.isFinite && pose[joint].isFinite ? limits.clampPosition(value, joint: joint) : pose[joint]
        }
        fitDuration(limits: limits, minimumSeconds: minimumSeconds, rateHz: rateHz)
    }

    private func fitDuration(limits: MotionLimits, minimumSeconds: Double, rateHz: Double) {
        var shortest = 0.0
        for joint in 0..<start.count {
            let distance = abs(end[joint] - start[joint]) / 0.8
            guard distance > 0 else { continue }
            shortest = max(shortest, 1.875 * distance / limits.velocityRadiansPerSecond[joint],
                           (5.7735 * distance / limits.accelerationRadiansPerSecond2[joint]).squareRoot(),
                           cbrt(60 * distance / limits.jerkRadiansPerSecond3[joint]))
        }
        seconds = max(minimumSeconds, shortest)
        // Bounded so that no limit, however small, can make the conversion trap mid-run.
        ticks = UInt64(min((seconds * rateHz).rounded(.up), 1e12))
    }

    /// Writes the ramp's point `tick + 1` ticks in (0-based `tick`) into `target`. Indexed by
    /// ticks run, not deadlines: the chain counts one period per tick, and a ramp that jumped
    /// over a skipped deadline would hand it a step.
    ///
    /// - Important: Real-time: arithmetic only.
    public func target(tick: UInt64, into target: UnsafeMutableBufferPointer<Double>) {
        let fraction = ticks == 0 ? 1 : min(1, Double(tick + 1) / Double(ticks))
        let s = fraction * fraction * fraction * (10 + fraction * (6 * fraction - 15))
        for joint in 0..<start.count {
            target[joint] = start[joint] + (end[joint] - start[joint]) * s
        }
    }
}
