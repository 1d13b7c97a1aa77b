/// TFRecord framing, the container of TensorBoard event files: each record is
///
///     length: UInt64 little-endian
///     masked CRC-32C of the 8 length bytes: UInt32 little-endian
///     data: `length` bytes
///     masked CRC-32C of the data: UInt32 little-endian
public enum TFRecord {
    /// Bytes a record adds around its data.
    public static let overhead = 16

    /// Appends one framed record holding `data` to `output`.
    public static func append(_ data: [UInt8], to output: inout [UInt8]) {
        let lengthBytes = littleEndianBytes(UInt64(data.count))
        output += lengthBytes
        output += littleEndianBytes(CRC32C.maskedChecksum(lengthBytes))
        output += data
        output += littleEndianBytes(CRC32C.maskedChecksum(data))
    }

    /// One framed record holding `data`.
    public static func frame(_ data: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(data.count + overhead)
        append(data, to: &output)
        return output
    }

    /// The data of every record in `bytes`, checking both CRCs of each.
    /// - Throws: `TFRecordError` with the offset of the bad record.
    public static func records(in bytes: [UInt8]) throws -> [[UInt8]] {
        var records: [[UInt8]] = []
        var offset = 0
        while offset < bytes.count {
            guard bytes.count - offset >= 12 else { throw TFRecordError.truncated(offset: offset) }
            let lengthBytes = Array(bytes[offset..<(offset + 8)])
            guard readUInt32(bytes, at: offset + 8) == CRC32C.maskedChecksum(lengthBytes) else {
                throw TFRecordError.lengthChecksum(offset: offset)
            }
            let length = lengthBytes.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            let start = offset + 12
            guard length <= UInt64(bytes.count - start), bytes.count - start - Int(length) >= 4 else {
                throw TFRecordError.truncated(offset: offset)
            }
            let data = Array(bytes[start..<(start + Int(length))])
            guard readUInt32(bytes, at: start + Int(length)) == CRC32C.maskedChecksum(data) else {
                throw TFRecordError.dataChecksum(offset: offset)
            }
            records.append(data)
            offset = start + Int(length) + 4
        }
        return records
    }

    static func littleEndianBytes<Value: FixedWidthInteger>(_ value: Value) -> [UInt8] {
        (0..<(Value.bitWidth / 8)).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
    }

    private static func readUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << ($1 * 8) }
    }
}

/// A TFRecord file that is cut short or whose checksums do not match.
public enum TFRecordError: Error, Equatable, CustomStringConvertible {
    /// The record starting at `offset` is cut short.
    case truncated(offset: Int)
    /// The masked CRC of the length of the record at `offset` does not match.
    case lengthChecksum(offset: Int)
    /// The masked CRC of the data of the record at `offset` does not match.
    case dataChecksum(offset: Int)

    public var description: String {
        switch self {
        case let .truncated(offset): return "record at byte \(offset) is cut short"
        case let .lengthChecksum(offset): return "record at byte \(offset): length checksum does not match"
        case let .dataChecksum(offset): return "record at byte \(offset): data checksum does not match"
        }
    }
}
