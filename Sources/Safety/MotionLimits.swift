/// The per-joint limits a safety chain enforces, read once from its configuration with +∞
/// where `robot.yaml` sets none: what the limiters bound and what the soft-start and
/// planned-stop trajectories are planned within (`SafetyChain.limits`).
public struct MotionLimits: Equatable, Sendable {
    /// Lower position limits, radians.
    public let lowerRadians: [Double]
    /// Upper position limits, radians.
    public let upperRadians: [Double]
    /// Velocity limits, rad/s.
    public let velocityRadiansPerSecond: [Double]
    /// Acceleration limits, rad/s² (+∞: not limited).
    public let accelerationRadiansPerSecond2: [Double]
    /// Jerk limits, rad/s³ (+∞: not limited).
    public let jerkRadiansPerSecond3: [Double]

    /// The limits of `configuration`.
    public init(_ configuration: SafetyConfiguration) {
        lowerRadians = configuration.lowerRadians
        upperRadians = configuration.upperRadians
        velocityRadiansPerSecond = configuration.velocityLimitsRadiansPerSecond
        accelerationRadiansPerSecond2 = configuration.accelerationLimitsRadiansPerSecond2.map { $0 ?? .infinity }
        jerkRadiansPerSecond3 = configuration.jerkLimitsRadiansPerSecond3.map { $0 ?? .infinity }
    }

    /// `value` clamped into `joint`'s position limits.
    @inline(__always)
    public func clampPosition(_ value: Double, joint: Int) -> Double {
        SafetyWindow(lower: lowerRadians[joint], upper: upperRadians[joint]).clamp(value)
    }
}
