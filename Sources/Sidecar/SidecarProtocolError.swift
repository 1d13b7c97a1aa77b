/// What was wrong with bytes received on the sidecar wire; each case names the field.
///
/// A receiver answers any of them with `ERROR` carrying `description` and closes the connection.
public enum SidecarProtocolError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The `length` field is outside 4 … 64 MiB (or the receiver's smaller limit).
    case lengthOutOfRange(length: UInt32, maximum: Int)
    /// `version` is not 1.
    case unsupportedVersion(UInt8)
    /// `reserved` is not 0.
    case reservedNotZero(UInt16)
    /// `type` is none of the protocol's messages.
    case unknownType(UInt8)
    /// The payload ended inside `field` of `message`: `needed` bytes, `available` left.
    case truncated(message: String, field: String, needed: Int, available: Int)
    /// `count` bytes were left after the last field of `message`.
    case trailingBytes(message: String, count: Int)
    /// A string field is not UTF-8.
    case invalidUTF8(message: String, field: String)
    /// A count or size field multiplies past what any frame could hold.
    case sizeOverflow(message: String, field: String)
    /// `HELLO` did not start with `STEADYSC`.
    case badMagic
    /// A peer closed the connection inside a frame, `received` of `expected` bytes in.
    case closedMidFrame(received: Int, expected: Int)

    public var description: String {
        switch self {
        case let .lengthOutOfRange(length, maximum):
            return "frame field 'length' is \(length), outside \(SidecarProtocol.minimumLength)…\(maximum)"
        case let .unsupportedVersion(version):
            return "frame field 'version' is \(version), this side speaks \(SidecarProtocol.version)"
        case let .reservedNotZero(value):
            return "frame field 'reserved' is \(value), must be 0"
        case let .unknownType(type):
            return "frame field 'type' is \(type), not a message type (1…11)"
        case let .truncated(message, field, needed, available):
            return "\(message) field '\(field)' needs \(needed) bytes, \(available) left in the frame"
        case let .trailingBytes(message, count):
            return "\(message) has \(count) bytes after its last field"
        case let .invalidUTF8(message, field):
            return "\(message) field '\(field)' is not UTF-8"
        case let .sizeOverflow(message, field):
            return "\(message) field '\(field)' is larger than any frame"
        case .badMagic:
            return "HELLO field 'magic' is not STEADYSC"
        case let .closedMidFrame(received, expected):
            return "the peer closed the connection \(received) bytes into a \(expected)-byte frame"
        }
    }
}
