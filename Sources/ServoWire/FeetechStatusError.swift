/// The error byte of a Feetech status packet, which mirrors the servo's Status register
/// (address 65): bit 0 voltage, 1 angle sensor, 2 overheat, 3 overcurrent, 5 overload
/// (`scservo_sdk` ERRBIT_* constants and the STS memory table's status bits).
public struct FeetechStatusError: OptionSet, Sendable, CustomStringConvertible {
    public var rawValue: UInt8

    /// Creates the set from the error byte or Status register.
    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// Bit 0: input voltage outside the configured limits.
    public static let voltage = FeetechStatusError(rawValue: 1 << 0)
    /// Bit 1: the magnetic angle sensor (encoder) failed.
    public static let angleSensor = FeetechStatusError(rawValue: 1 << 1)
    /// Bit 2: temperature above the limit.
    public static let overheat = FeetechStatusError(rawValue: 1 << 2)
    /// Bit 3: current above the protection current.
    public static let overcurrent = FeetechStatusError(rawValue: 1 << 3)
    /// Bit 5: overload protection tripped.
    public static let overload = FeetechStatusError(rawValue: 1 << 5)

    static let named: [(FeetechStatusError, String)] = [
        (.voltage, "voltage error"), (.angleSensor, "angle sensor error"), (.overheat, "overheat error"),
        (.overcurrent, "overcurrent error"), (.overload, "overload error"),
    ]

    /// Names of the set bits, lowest first; undocumented bits are named by number.
    public var names: [String] { bitNames(rawValue, Self.named.map { ($0.0.rawValue, $0.1) }) }

    public var description: String { names.isEmpty ? "no error" : names.joined(separator: ", ") }
}

/// Names for the set bits of `value`, lowest bit first.
func bitNames(_ value: UInt8, _ known: [(UInt8, String)]) -> [String] {
    (0..<8).compactMap { bit -> String? in
        let mask = UInt8(1) << bit
        guard value & mask != 0 else { return nil }
        return known.first { $0.0 == mask }?.1 ?? "unknown error bit \(bit)"
    }
}

