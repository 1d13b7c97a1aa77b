import SteadyCore

/// Watches motor temperatures: warns, derates the velocity limit, and requests a safe stop.
///
/// Per joint, at temperature T (see `TemperatureThresholds`):
/// - T ≥ warn (and < stop): a `.temperatureWarning` event;
/// - T > limit: `state.velocityScale[j]` drops linearly from 1 at `limit` to the minimum scale
///   at `stop`; the `VelocityLimiter` applies it, reaching it no faster than the joint can
///   decelerate;
/// - T ≥ stop: a `.temperatureStop` event (the loop stops the robot; this stage cannot).
///
/// The `.temperature` flag is raised for a joint while it is derated or at its stop temperature.
/// An unknown temperature (NaN) keeps the joint's last scale and reports nothing.
public final class TemperatureWatch: SafetyStage {
    public let name = "temperature"
    public let flags: SafetyFlags = .temperature
    private let thresholds: [TemperatureThresholds]
    private let lastScale: JointBuffer<Double>

    /// Creates the watch with one set of thresholds per joint.
    public init(thresholds: [TemperatureThresholds]) {
        precondition(!thresholds.isEmpty, "one set of thresholds per joint")
        self.thresholds = thresholds
        lastScale = JointBuffer(count: thresholds.count, repeating: 1)
    }


    public func reset(startPose: UnsafeBufferPointer<Double>, state: SafetyState) {
        for joint in 0..<lastScale.count { lastScale[joint] = 1 }
    }

    /// Sets `state.velocityScale` and records events from `inputs.presentTemperatures`; does not
    /// edit `command`.
    ///
    /// - Important: Real-time: no allocation, no locks, no system calls.
    public func apply(_ command: UnsafeMutableBufferPointer<Double>, inputs: SafetyInputs, state: SafetyState) -> SafetyFlags {
        var raised: SafetyFlags = []
        for joint in 0..<lastScale.count {
            let celsius = inputs.presentTemperatures[joint]
            let limits = thresholds[joint]
            var stopping = false
            if celsius.isFinite {
                lastScale[joint] = limits.velocityScale(atCelsius: celsius)
                if celsius >= limits.stopCelsius {
                    stopping = true
                    state.record(.temperatureStop(joint: joint, celsius: celsius))
                } else if celsius >= limits.warnCelsius {
                    state.record(.temperatureWarning(joint: joint, celsius: celsius))
                }
            }
            state.velocityScale[joint] = lastScale[joint]
            if stopping || lastScale[joint] < 1 {
                state.raise(.temperature, joint: joint)
                raised = .temperature
            }
        }
        return raised
    }
}
