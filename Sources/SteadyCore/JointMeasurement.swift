/// One joint's measured state in SI units, as the runtime and displays see it.
public struct JointMeasurement: Equatable, Sendable {
    public var positionRadians = 0.0
    public var velocityRadiansPerSecond = 0.0
    /// Output torque as a signed fraction of stall torque (−1…1).
    public var loadFraction = 0.0
    /// Motor current, A (nil when the model does not report it).
    public var currentAmps: Double?
    public var temperatureCelsius = 0.0
    public var volts = 0.0
    /// Decoded fault names; empty when healthy.
    public var faults: [String] = []
    public init() {}
}
