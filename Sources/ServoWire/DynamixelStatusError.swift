import SteadyCore

/// The error byte of a Dynamixel Protocol 2.0 status packet: an alert bit and an error number
/// (e-Manual, "Status Packet", Error).
public struct DynamixelStatusError: Equatable, Sendable, CustomStringConvertible {
    /// The error numbers of bits 0–6.
    public enum Number: UInt8, CaseIterable, Sendable {
        case resultFail = 0x01
        case instructionError = 0x02
        case crcError = 0x03
        case dataRangeError = 0x04
        case dataLengthError = 0x05
        case dataLimitError = 0x06
        case accessError = 0x07

        /// The e-Manual's name for the error.
        public var name: String {
            switch self {
            case .resultFail: return "result fail"
            case .instructionError: return "instruction error"
            case .crcError: return "CRC error"
            case .dataRangeError: return "data range error"
            case .dataLengthError: return "data length error"
            case .dataLimitError: return "data limit error"
            case .accessError: return "access error"
            }
        }
    }

    /// The raw error byte.
    public var rawValue: UInt8

    /// Wraps a status packet's error byte.
    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// Builds an error byte from its parts.
    public init(alert: Bool, number: Number?) {
        rawValue = (alert ? 0x80 : 0) | (number?.rawValue ?? 0)
    }

    /// Bit 7: the servo has a hardware problem; read its Hardware_Error_Status register.
    public var alert: Bool { rawValue & 0x80 != 0 }
    /// Bits 0–6: how processing the instruction failed (0 = it did not).
    public var rawNumber: UInt8 { rawValue & 0x7F }
    /// The error number, or `nil` for none or an undefined one.
    public var number: Number? { Number(rawValue: rawNumber) }
    /// Whether the byte reports nothing.
    public var isEmpty: Bool { rawValue == 0 }

    /// Names of what the byte reports; empty when it reports nothing.
    public var names: [String] {
        var out: [String] = []
        if let number {
            out.append(number.name)
        } else if rawNumber != 0 {
            out.append("unknown error number \(rawNumber)")
        }
        if alert { out.append("hardware alert") }
        return out
    }

    public var description: String { names.isEmpty ? "no error" : names.joined(separator: ", ") }
}

/// Names of the errors a status packet's error byte reports; empty when there are none.
public func describeStatusError(_ error: UInt8, protocolKind: ServoProtocolKind) -> [String] {
    switch protocolKind {
    case .dynamixel: return DynamixelStatusError(rawValue: error).names
    case .feetech: return FeetechStatusError(rawValue: error).names
    }
}
