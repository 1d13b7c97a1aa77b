import SteadyCore

/// What the safety chain needs to know about the robot on one tick: the present readings and
/// the time since the previous command.
///
/// A class that owns buffers allocated once, so the control loop writes its bus readings in
/// place every tick (`inputs.presentPositions[j] = …`) without copying or allocating.
/// Readings that were not read this tick may be left non-finite (NaN): each stage documents
/// what it does with an unknown reading, and none of them lets it through to the command.
///
/// - Important: Not thread-safe. The loop fills it and calls `SafetyChain.apply` on one thread.
public final class SafetyInputs {
    /// Number of joints, fixed at init.
    public let jointCount: Int
    /// Present joint positions, radians (calibrated).
    public let presentPositions: JointBuffer<Double>
    /// Present joint velocities, rad/s (NaN if not read).
    public let presentVelocities: JointBuffer<Double>
    /// Present loads as a fraction of the motor's maximum, −1…1 (NaN if not read).
    public let presentLoads: JointBuffer<Double>
    /// Present motor temperatures, °C (NaN if not read).
    public let presentTemperatures: JointBuffer<Double>
    /// Seconds since the previous command was sent: the loop period, or a multiple of it when
    /// ticks were skipped. Must be positive and finite.
    public var periodSeconds: Double
    /// Index of the control tick, carried into the `SafetyReport` for logs.
    public var tick: UInt64

    /// Creates inputs for `jointCount` joints: positions 0, other readings unknown (NaN),
    /// `periodSeconds` as given.
    public init(jointCount: Int, periodSeconds: Double = 0.01) {
        precondition(jointCount > 0, "a safety chain needs at least one joint")
        self.jointCount = jointCount
        presentPositions = JointBuffer(count: jointCount, repeating: 0)
        presentVelocities = JointBuffer(count: jointCount, repeating: .nan)
        presentLoads = JointBuffer(count: jointCount, repeating: .nan)
        presentTemperatures = JointBuffer(count: jointCount, repeating: .nan)
        self.periodSeconds = periodSeconds
        tick = 0
    }

}
