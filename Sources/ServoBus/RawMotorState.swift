import SteadyCore

/// One motor's present state as raw register values, plus its status error byte: one element
/// of a `PresentState`.
public struct RawMotorState: Equatable, Sendable {
    public var positionTicks = 0
    public var velocity = 0
    public var load = 0
    /// Present_Current, when the model has it.
    public var current: Int?
    public var temperatureCelsius = 0
    public var voltage = 0
    /// Hardware_Error_Status (Dynamixel), 0 for Feetech (whose faults arrive in `statusError`).
    public var hardwareError = 0
    public var statusError: UInt8 = 0
    public init() {}

    /// This state in SI units: the one raw → SI conversion, for the control tick and the
    /// commands alike. `conversion` is the joint's calibration, `units` its model's register
    /// units; `faults` is left empty (naming them is `RobotBus.faults(of:joint:)`'s job).
    ///
    /// - Important: Real-time safe: arithmetic only.
    @inline(__always)
    public func measurement(conversion: JointConversion, units: RegisterUnits) -> JointMeasurement {
        var m = JointMeasurement()
        m.positionRadians = conversion.radians(ticks: positionTicks)
        m.velocityRadiansPerSecond = conversion.sign * Double(velocity) * units.radiansPerSecondPerVelocityUnit
        m.loadFraction = conversion.sign * Double(load) * units.loadFractionPerUnit
        m.currentAmps = current.map { abs(Double($0)) * units.ampsPerCurrentUnit }
        m.temperatureCelsius = Double(temperatureCelsius)
        m.volts = Double(voltage) * units.voltsPerUnit
        return m
    }
}
