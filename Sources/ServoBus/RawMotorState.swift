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

    /// This state in SI units through the joint's `PresentConversion`; `faults` is left empty
    /// (naming them is `RobotBus.faults(of:joint:)`'s job).
    public func measurement(_ si: PresentConversion) -> JointMeasurement {
        var m = JointMeasurement()
        m.positionRadians = si.positionRadians(positionTicks)
        m.velocityRadiansPerSecond = si.velocityRadiansPerSecond(velocity)
        m.loadFraction = si.loadFraction(load)
        m.currentAmps = current.map(si.currentAmps)
        m.temperatureCelsius = Double(temperatureCelsius)
        m.volts = si.volts(voltage)
        return m
    }
}
