import SteadyCore

/// The one raw → SI conversion of a joint's present registers: its calibration (ticks ↔
/// radians, drive direction) and its model's register units. `RawMotorState.measurement(_:)`
/// converts a whole reading with it; the control tick converts the registers it needs, in place.
///
/// - Important: Real-time safe: arithmetic only.
public struct PresentConversion: Sendable {
    /// The joint's calibration.
    public let conversion: JointConversion
    /// Its model's register units.
    public let units: RegisterUnits

    /// The conversion of a joint with this calibration and motor model.
    public init(conversion: JointConversion, model: MotorModel) {
        self.conversion = conversion
        units = RegisterUnits(model)
    }

    /// Present_Position → calibrated radians.
    @inlinable public func positionRadians(_ raw: Int) -> Double { conversion.radians(ticks: raw) }
    /// Present_Velocity → calibrated rad/s.
    @inlinable public func velocityRadiansPerSecond(_ raw: Int) -> Double {
        conversion.sign * Double(raw) * units.radiansPerSecondPerVelocityUnit
    }
    /// Present_Load → signed fraction of stall torque, in the calibrated direction.
    @inlinable public func loadFraction(_ raw: Int) -> Double { conversion.sign * Double(raw) * units.loadFractionPerUnit }
    /// Present_Current → amperes (magnitude).
    @inlinable public func currentAmps(_ raw: Int) -> Double { abs(Double(raw)) * units.ampsPerCurrentUnit }
    /// Present_Voltage → volts.
    @inlinable public func volts(_ raw: Int) -> Double { Double(raw) * units.voltsPerUnit }
}
