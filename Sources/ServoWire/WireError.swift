/// What can be wrong with bytes on the wire or with a request that is to be encoded.
public enum WireError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The frame's checksum (Feetech) or CRC-16 (Dynamixel) does not match its contents.
    /// `expected` is what the contents give, `got` what the frame carries.
    case badChecksum(expected: UInt16, got: UInt16)
    /// A frame's length field does not fit its contents (too short for the packet kind, or bytes
    /// missing or left over where one complete frame was expected).
    case badLength
    /// The instruction's parameters do not have the shape the instruction needs.
    case malformedParameters(String)
    /// The protocol or this codec has no such instruction.
    case unsupported(String)
    /// A value does not fit its field (e.g. an address above 255 for Feetech).
    case valueOutOfRange(String)
    /// A frame header was followed, before the frame's declared end, by another complete and valid
    /// frame; the `byteCount` bytes from the first header up to the second were discarded.
    case interruptedFrame(byteCount: Int)

    public var description: String {
        switch self {
        case let .badChecksum(expected, got):
            return "bad checksum: expected 0x\(hex(expected)), got 0x\(hex(got))"
        case .badLength:
            return "bad length"
        case let .malformedParameters(why):
            return "malformed parameters: \(why)"
        case let .unsupported(what):
            return "unsupported: \(what)"
        case let .valueOutOfRange(what):
            return "value out of range: \(what)"
        case let .interruptedFrame(count):
            return "interrupted frame: \(count) bytes discarded before the next valid frame"
        }
    }
}

/// Upper-case hexadecimal without prefix, at least two digits.
func hex<T: BinaryInteger>(_ value: T) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return digits.count < 2 ? "0" + digits : digits
}
