import Foundation
import SteadyCore

/// Moves every joint along its own sinusoid inside its position limits: a smooth, endless test
/// motion for twins and real arms.
///
/// Joint j follows `center_j + e(t)·a·(half range_j)·sin(2π f t + 2π j / n)`: the center of its
/// limits, a fraction `a` of its half range, the same frequency for all joints and phases spread
/// evenly so that the joints do not all reverse at once. Time counts calls: t = calls / call rate.
///
/// The envelope e(t) grows from 0 to 1 over the first period (smoothstep), so the motion starts
/// at rest at the centers. A sinusoid that started at full speed would ask the safety chain's
/// acceleration limiter to catch a moving target from rest, and a limiter that clamps each
/// command greedily overshoots a moving target and keeps oscillating about it.
public final class SinePolicy: Policy {
    public let name: String
    /// Fraction of each joint's half range used as amplitude, (0, 1].
    public let amplitudeFraction: Double
    /// Frequency, Hz.
    public let frequencyHz: Double
    /// How often `act` is called, Hz.
    public let callRateHz: Double
    private let center: [Double]
    private let amplitude: [Double]
    private let phase: [Double]
    private var calls = 0

    /// Creates the motion for joints with the given limits (radians).
    public init(lowerRadians: [Double], upperRadians: [Double], callRateHz: Double,
                amplitudeFraction: Double = 0.3, frequencyHz: Double = 0.5) {
        precondition(lowerRadians.count == upperRadians.count && !lowerRadians.isEmpty)
        precondition(amplitudeFraction > 0 && amplitudeFraction <= 1, "amplitude must be in (0, 1]")
        precondition(frequencyHz > 0 && callRateHz > 0)
        self.amplitudeFraction = amplitudeFraction
        self.frequencyHz = frequencyHz
        self.callRateHz = callRateHz
        let n = lowerRadians.count
        center = zip(lowerRadians, upperRadians).map { ($0 + $1) / 2 }
        amplitude = zip(lowerRadians, upperRadians).map { amplitudeFraction * ($1 - $0) / 2 }
        phase = (0..<n).map { 2 * Double.pi * Double($0) / Double(n) }
        name = "sine(a=\(amplitudeFraction), f=\(frequencyHz) Hz)"
    }

    /// The motion for `robot`'s joint limits.
    public convenience init(robot: RobotDescription, callRateHz: Double, amplitudeFraction: Double = 0.3,
                            frequencyHz: Double = 0.5) {
        self.init(lowerRadians: robot.joints.map(\.lowerRadians), upperRadians: robot.joints.map(\.upperRadians),
                  callRateHz: callRateHz, amplitudeFraction: amplitudeFraction, frequencyHz: frequencyHz)
    }

    public func reset() { calls = 0 }

    /// - Important: Real-time: no allocation, no locks, no system calls.
    public func act(observation: UnsafeBufferPointer<Float>, action: UnsafeMutableBufferPointer<Float>) {
        let t = Double(calls) / callRateHz
        let angle = 2 * Double.pi * frequencyHz * t
        let ramp = min(1, t * frequencyHz)
        let envelope = ramp * ramp * (3 - 2 * ramp)
        for joint in 0..<center.count {
            action[joint] = Float(center[joint] + envelope * amplitude[joint] * sin(angle + phase[joint]))
        }
        calls += 1
    }
}
