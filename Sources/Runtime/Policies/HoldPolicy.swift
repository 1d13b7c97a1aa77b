import SteadyCore

/// Holds the pose of the first observation after `reset()`: the robot stays where it was.
public final class HoldPolicy: Policy {
    public let name = "hold"
    private let pose: JointBuffer<Float>
    private var captured = false

    /// Creates the policy for `jointCount` joints (observations are positions then velocities).
    public init(jointCount: Int) {
        pose = JointBuffer(count: jointCount, repeating: 0)
    }

    public func reset() { captured = false }

    /// - Important: Real-time: no allocation, no locks, no system calls.
    public func act(observation: UnsafeBufferPointer<Float>, action: UnsafeMutableBufferPointer<Float>) {
        if !captured {
            for joint in 0..<pose.count { pose[joint] = observation[joint] }
            captured = true
        }
        for joint in 0..<pose.count { action[joint] = pose[joint] }
    }
}
