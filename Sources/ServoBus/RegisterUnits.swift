import SteadyCore

/// SI units of the Present_* and profile registers of a motor model (from the vendors' manuals).
public struct RegisterUnits: Sendable {
    /// Present_Velocity / Profile_Velocity unit in rad/s: Dynamixel 0.229 rev/min; Feetech one tick per second.
    public let radiansPerSecondPerVelocityUnit: Double
    /// Present_Current unit in amperes: X-series 1 mA (XL330/XC330); Feetech STS 6.5 mA.
    public let ampsPerCurrentUnit: Double
    /// Present_Load unit as a fraction of stall torque: 0.1 % on both vendors.
    public let loadFractionPerUnit = 0.001
    /// Present_Voltage unit: 0.1 V on both vendors.
    public let voltsPerUnit = 0.1

    public init(_ model: MotorModel) {
        switch model.protocolKind {
        case .dynamixel:
            radiansPerSecondPerVelocityUnit = 0.229 * 2 * .pi / 60
            ampsPerCurrentUnit = 0.001
        case .feetech:
            radiansPerSecondPerVelocityUnit = 2 * .pi / Double(model.ticksPerRevolution)
            ampsPerCurrentUnit = 0.0065
        }
    }
}
