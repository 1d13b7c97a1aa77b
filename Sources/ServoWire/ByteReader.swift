/// Little helpers for building and parsing parameter bytes.
enum Bytes {
    /// `value` as two bytes, low byte first.
    static func littleEndian(_ value: UInt16) -> [UInt8] {
        [UInt8(truncatingIfNeeded: value), UInt8(truncatingIfNeeded: value >> 8)]
    }
}

/// Reads fields from the front of a parameter list, failing with `malformedParameters`.
struct ParameterReader {
    private let bytes: [UInt8]
    private(set) var index = 0
    private let instruction: String

    init(_ bytes: [UInt8], instruction: String) {
        self.bytes = bytes
        self.instruction = instruction
    }

    var remaining: Int { bytes.count - index }
    var isAtEnd: Bool { index == bytes.count }

    mutating func byte() throws -> UInt8 {
        guard index < bytes.count else { throw truncated() }
        defer { index += 1 }
        return bytes[index]
    }

    /// A little-endian 16-bit field.
    mutating func uint16() throws -> UInt16 {
        let low = try byte()
        let high = try byte()
        return UInt16(low) | UInt16(high) << 8
    }

    mutating func bytes(_ count: Int) throws -> [UInt8] {
        guard count <= remaining else { throw truncated() }
        defer { index += count }
        return Array(bytes[index..<(index + count)])
    }

    mutating func rest() -> [UInt8] {
        defer { index = bytes.count }
        return Array(bytes[index...])
    }

    func expectEnd() throws {
        guard isAtEnd else {
            throw WireError.malformedParameters("\(instruction): \(remaining) unexpected trailing bytes")
        }
    }

    private func truncated() -> WireError {
        .malformedParameters("\(instruction): parameters end early (\(bytes.count) bytes)")
    }
}
