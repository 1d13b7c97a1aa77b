/// The name of a control-table register, in Steady's shared vocabulary across vendors
/// (`ControlTable`): what the bus APIs take, so that a misspelt register is a compile error
/// rather than a motor error at run time. The registers Steady uses are constants here; any
/// other vendor name can be written as a string literal.
public struct RegisterName: RawRepresentable, Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }
    public var description: String { rawValue }

    // Identity and configuration (EEPROM).
    public static let modelNumber: RegisterName = "Model_Number"
    public static let firmwareVersion: RegisterName = "Firmware_Version"
    public static let id: RegisterName = "ID"
    public static let baudRate: RegisterName = "Baud_Rate"
    public static let returnDelayTime: RegisterName = "Return_Delay_Time"
    public static let statusReturnLevel: RegisterName = "Status_Return_Level"
    public static let operatingMode: RegisterName = "Operating_Mode"
    public static let homingOffset: RegisterName = "Homing_Offset"
    public static let minPositionLimit: RegisterName = "Min_Position_Limit"
    public static let maxPositionLimit: RegisterName = "Max_Position_Limit"
    public static let temperatureLimit: RegisterName = "Temperature_Limit"
    public static let currentLimit: RegisterName = "Current_Limit"

    // Control (RAM; the gains are EEPROM on Feetech, which `lock` protects).
    public static let torqueEnable: RegisterName = "Torque_Enable"
    public static let lock: RegisterName = "Lock"
    public static let positionPGain: RegisterName = "Position_P_Gain"
    public static let positionIGain: RegisterName = "Position_I_Gain"
    public static let positionDGain: RegisterName = "Position_D_Gain"
    public static let goalPosition: RegisterName = "Goal_Position"
    public static let goalVelocity: RegisterName = "Goal_Velocity"
    public static let profileVelocity: RegisterName = "Profile_Velocity"
    public static let torqueLimit: RegisterName = "Torque_Limit"
    public static let goalCurrent: RegisterName = "Goal_Current"
    public static let goalPWM: RegisterName = "Goal_PWM"

    // Feedback (RAM, read-only).
    public static let presentPosition: RegisterName = "Present_Position"
    public static let presentVelocity: RegisterName = "Present_Velocity"
    public static let presentLoad: RegisterName = "Present_Load"
    public static let presentCurrent: RegisterName = "Present_Current"
    public static let presentTemperature: RegisterName = "Present_Temperature"
    public static let presentVoltage: RegisterName = "Present_Voltage"
    public static let hardwareErrorStatus: RegisterName = "Hardware_Error_Status"
}
