import SteadyCore

/// Detects a joint that pushes hard without getting where it was told, and tells the loop to
/// reduce, then drop, its torque.
///
/// A joint stalls on a tick when |present load| ≥ `loadFraction`, |previous command − present
/// position| ≥ `positionErrorRadians` (the error of the command the servo is tracking), and its
/// present speed, if known, is ≤ `maximumSpeedRadiansPerSecond`. While it keeps stalling, the
/// stalled time grows by each tick's period; any tick without a stall resets it. Once the time
/// reaches `reduceTorqueAfterSeconds` a `.stall(joint, .reduceTorque)` event is reported every
/// tick, and from `dropTorqueAfterSeconds` on `.stall(joint, .dropTorque)` instead.
///
/// Unknown load or position (NaN) counts as not stalling. The stage does not edit the command.
public final class StallDetector: SafetyStage {
    public let name = "stall"
    public let flags: SafetyFlags = .stall
    /// The thresholds in use.
    public let thresholds: StallThresholds
    private let stalledSeconds: JointBuffer<Double>

    /// Creates a detector for `jointCount` joints.
    public init(jointCount: Int, thresholds: StallThresholds) {
        self.thresholds = thresholds
        stalledSeconds = JointBuffer(count: jointCount, repeating: 0)
    }


    /// How long `joint` has been stalling, seconds.
    public func stalledSeconds(joint: Int) -> Double { stalledSeconds[joint] }

    public func reset(startPose: UnsafeBufferPointer<Double>, state: SafetyState) {
        for joint in 0..<stalledSeconds.count { stalledSeconds[joint] = 0 }
    }

    /// Updates the stall timers from `inputs` and records events; does not edit `command`.
    ///
    /// - Important: Real-time: no allocation, no locks, no system calls.
    public func apply(_ command: UnsafeMutableBufferPointer<Double>, inputs: SafetyInputs, state: SafetyState) -> SafetyFlags {
        // Timers accumulate periods, which drift by ulps; a nanosecond of slack keeps
        // "after 0.5 s at 100 Hz" at exactly the 50th tick.
        let slack = 1e-9
        var raised: SafetyFlags = []
        for joint in 0..<stalledSeconds.count {
            let speed = inputs.presentVelocities[joint]
            let pushing = abs(inputs.presentLoads[joint]) >= thresholds.loadFraction
            let behind = abs(state.previousCommand[joint] - inputs.presentPositions[joint]) >= thresholds.positionErrorRadians
            let stuck = !speed.isFinite || abs(speed) <= thresholds.maximumSpeedRadiansPerSecond
            guard pushing && behind && stuck else {
                stalledSeconds[joint] = 0
                continue
            }
            stalledSeconds[joint] += inputs.periodSeconds
            let action: StallAction
            if stalledSeconds[joint] >= thresholds.dropTorqueAfterSeconds - slack {
                action = .dropTorque
            } else if stalledSeconds[joint] >= thresholds.reduceTorqueAfterSeconds - slack {
                action = .reduceTorque
            } else {
                continue
            }
            state.record(.stall(joint: joint, action: action))
            state.raise(.stall, joint: joint)
            raised = .stall
        }
        return raised
    }
}
