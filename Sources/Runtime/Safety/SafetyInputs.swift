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
    public let presentPositions: UnsafeMutableBufferPointer<Double>
    /// Present joint velocities, rad/s (NaN if not read).
    public let presentVelocities: UnsafeMutableBufferPointer<Double>
    /// Present loads as a fraction of the motor's maximum, −1…1 (NaN if not read).
    public let presentLoads: UnsafeMutableBufferPointer<Double>
    /// Present motor temperatures, °C (NaN if not read).
    public let presentTemperatures: UnsafeMutableBufferPointer<Double>
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
        presentPositions = .allocateJoints(jointCount, repeating: 0)
        presentVelocities = .allocateJoints(jointCount, repeating: .nan)
        presentLoads = .allocateJoints(jointCount, repeating: .nan)
        presentTemperatures = .allocateJoints(jointCount, repeating: .nan)
        self.periodSeconds = periodSeconds
        tick = 0
    }

    deinit {
        presentPositions.deallocate()
        presentVelocities.deallocate()
        presentLoads.deallocate()
        presentTemperatures.deallocate()
    }
}
