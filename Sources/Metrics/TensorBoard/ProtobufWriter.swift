/// The few protocol-buffer encodings TensorBoard's `Event` needs, written by hand: varints,
/// 64- and 32-bit little-endian scalars and length-delimited fields.
///
/// A field is its key, `(field number << 3) | wire type`, as a varint, then its value.
struct ProtobufWriter {
    /// Protocol-buffer wire types.
    enum WireType: UInt64 {
        case varint = 0, fixed64 = 1, lengthDelimited = 2, fixed32 = 5
    }

    private(set) var bytes: [UInt8] = []

    mutating func varint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func key(_ field: Int, _ wireType: WireType) {
        varint(UInt64(field) << 3 | wireType.rawValue)
    }

    /// A `double` field.
    mutating func double(_ field: Int, _ value: Double) {
        key(field, .fixed64)
        bytes += TFRecord.littleEndianBytes(value.bitPattern)
    }

    /// A `float` field.
    mutating func float(_ field: Int, _ value: Float) {
        key(field, .fixed32)
        bytes += TFRecord.littleEndianBytes(value.bitPattern)
    }

    /// An `int64` field (two's complement as an unsigned varint, as protobuf does).
    mutating func int64(_ field: Int, _ value: Int64) {
        key(field, .varint)
        varint(UInt64(bitPattern: value))
    }

    /// A `string`, `bytes` or embedded-message field.
    mutating func lengthDelimited(_ field: Int, _ value: [UInt8]) {
        key(field, .lengthDelimited)
        varint(UInt64(value.count))
        bytes += value
    }
}

/// Reads the fields of one protocol-buffer message, for `TensorBoardEvent(decoding:)`.
struct ProtobufReader {
    /// A field's value as it appears on the wire.
    enum Value {
        case varint(UInt64), fixed64(UInt64), fixed32(UInt32), bytes([UInt8])
    }

    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The next field, nil at the end of the message.
    /// - Throws: `TensorBoardEventError.malformed` for a cut-short field or an unknown wire type.
    mutating func next() throws -> (field: Int, value: Value)? {
        guard offset < bytes.count else { return nil }
        let key = try varint()
        let field = Int(key >> 3)
        switch key & 7 {
        case 0: return (field, .varint(try varint()))
        case 1: return (field, .fixed64(try fixed(8)))
        case 5: return (field, .fixed32(UInt32(try fixed(4))))
        case 2:
            let length = try varint()
            guard length <= UInt64(bytes.count - offset) else { throw TensorBoardEventError.malformed("field \(field) is cut short") }
            defer { offset += Int(length) }
            return (field, .bytes(Array(bytes[offset..<(offset + Int(length))])))
        default:
            throw TensorBoardEventError.malformed("field \(field) has wire type \(key & 7), which events do not use")
        }
    }

    private mutating func varint() throws -> UInt64 {
        var value: UInt64 = 0
        for shift in stride(from: 0, to: 64, by: 7) {
            guard offset < bytes.count else { throw TensorBoardEventError.malformed("a varint is cut short") }
            let byte = bytes[offset]
            offset += 1
            value |= UInt64(byte & 0x7F) << UInt64(shift)
            if byte & 0x80 == 0 { return value }
        }
        throw TensorBoardEventError.malformed("a varint is longer than 10 bytes")
    }

    private mutating func fixed(_ size: Int) throws -> UInt64 {
        guard bytes.count - offset >= size else { throw TensorBoardEventError.malformed("a fixed-size field is cut short") }
        defer { offset += size }
        return (0..<size).reduce(UInt64(0)) { $0 | UInt64(bytes[offset + $1]) << UInt64($1 * 8) }
    }
}
