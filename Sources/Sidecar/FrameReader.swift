/// Reads one frame's payload field by field, each read checked against the bytes present; a
/// short read throws `SidecarProtocolError.truncated` naming the message and the field.
struct FrameReader {
    private let bytes: UnsafeRawBufferPointer
    private(set) var offset = 0
    /// The message being read, for errors.
    let message: String

    init(_ bytes: UnsafeRawBufferPointer, message: String) {
        self.bytes = bytes
        self.message = message
    }

    var remaining: Int { bytes.count - offset }

    private mutating func take(_ count: Int, field: String) throws -> UnsafeRawBufferPointer {
        guard count >= 0, count <= remaining else {
            throw SidecarProtocolError.truncated(message: message, field: field, needed: count, available: remaining)
        }
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)])
    }

    mutating func integer<T: FixedWidthInteger>(_ type: T.Type = T.self, field: String) throws -> T {
        let raw = try take(MemoryLayout<T>.size, field: field)
        return T(littleEndian: raw.loadUnaligned(as: T.self))
    }

    mutating func double(field: String) throws -> Double {
        Double(bitPattern: try integer(UInt64.self, field: field))
    }

    mutating func bytes(_ count: Int, field: String) throws -> [UInt8] {
        Array(try take(count, field: field))
    }

    mutating func string(field: String) throws -> String {
        let count = Int(try integer(UInt16.self, field: field))
        let raw = try take(count, field: field)
        guard let text = String(validating: raw, as: UTF8.self) else {
            throw SidecarProtocolError.invalidUTF8(message: message, field: field)
        }
        return text
    }

    mutating func blob(field: String) throws -> [UInt8] {
        let count = Int(try integer(UInt32.self, field: field))
        return try bytes(count, field: field)
    }

    /// `rows × columns` floats, the product checked for overflow before any read.
    mutating func floats(rows: Int, columns: Int, field: String) throws -> [Float] {
        let (count, overflow) = rows.multipliedReportingOverflow(by: columns)
        let (byteCount, overflow2) = count.multipliedReportingOverflow(by: 4)
        guard !overflow, !overflow2 else { throw SidecarProtocolError.sizeOverflow(message: message, field: field) }
        let raw = try take(byteCount, field: field)
        return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            #if _endian(little)
            UnsafeMutableRawBufferPointer(buffer).copyMemory(from: raw)
            #else
            for i in 0..<count { buffer[i] = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))) }
            #endif
            initialized = count
        }
    }

    /// Throws unless every byte was read.
    func finish() throws {
        guard remaining == 0 else { throw SidecarProtocolError.trailingBytes(message: message, count: remaining) }
    }
}
