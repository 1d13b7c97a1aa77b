/// The Hardware_Error_Status register (address 70) of X-series Dynamixels: which protections
/// tripped (e-Manual, X-series "Shutdown(63)" bit table; bits 1, 6 and 7 are unused).
public struct DynamixelHardwareError: OptionSet, Sendable, CustomStringConvertible {
    public var rawValue: UInt8

    /// Creates the set from the register value.
    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// Bit 0: input voltage outside the configured limits.
    public static let inputVoltage = DynamixelHardwareError(rawValue: 1 << 0)
    /// Bit 2: internal temperature above the temperature limit.
    public static let overheating = DynamixelHardwareError(rawValue: 1 << 2)
    /// Bit 3: the motor encoder malfunctions.
    public static let motorEncoder = DynamixelHardwareError(rawValue: 1 << 3)
    /// Bit 4: electrical shock on the circuit, or too little power to drive the motor.
    public static let electricalShock = DynamixelHardwareError(rawValue: 1 << 4)
    /// Bit 5: persistent load above the maximum output.
    public static let overload = DynamixelHardwareError(rawValue: 1 << 5)

    static let named: [(DynamixelHardwareError, String)] = [
        (.inputVoltage, "input voltage error"), (.overheating, "overheating error"),
        (.motorEncoder, "motor encoder error"), (.electricalShock, "electrical shock error"),
        (.overload, "overload error"),
    ]

    /// Names of the set bits, lowest first; bits the e-Manual leaves unused are named by number.
    public var names: [String] { bitNames(rawValue, Self.named.map { ($0.0.rawValue, $0.1) }) }

    public var description: String { names.isEmpty ? "no error" : names.joined(separator: ", ") }
}

