/// Allocation-free encoding and decoding of one register's value on raw pointers: the one
/// implementation of the value encodings, which `ControlTable.encode(_:for:)` and
/// `decode(_:for:)` wrap for arrays.
///
/// - Important: Real-time safe: no allocation, no locks, no system calls.
public struct RegisterCoding: Sendable, Equatable {
    /// The register's first address.
    public let address: Int
    /// Bytes in the register (1, 2 or 4).
    public let size: Int
    /// How the bytes map to an integer.
    public let encoding: ValueEncoding
    /// High byte first (Feetech SCS); everything else is little-endian.
    public let bigEndian: Bool
    /// The values the register can hold.
    public let range: ClosedRange<Int>

    /// The coding of `register` in `table`.
    public init(_ register: Register, in table: ControlTable) {
        address = Int(register.address)
        size = register.size
        encoding = register.encoding
        bigEndian = table.endianness == .big
        range = register.representableRange
    }

    /// The value stored in the `size` bytes at `bytes`.
    @inline(__always)
    public func decode(_ bytes: UnsafePointer<UInt8>) -> Int {
        var raw: UInt64 = 0
        for index in 0..<size {
            let shift = bigEndian ? (size - 1 - index) * 8 : index * 8
            raw |= UInt64(bytes[index]) << UInt64(shift)
        }
        switch encoding {
        case .unsigned:
            return Int(raw)
        case .twosComplement:
            let bits = UInt64(size * 8)
            return raw & (UInt64(1) << (bits - 1)) != 0 ? Int(raw) - (1 << Int(bits)) : Int(raw)
        case let .signMagnitude(signBit):
            let sign = UInt64(1) << UInt64(signBit)
            return raw & sign != 0 ? -Int(raw & ~sign) : Int(raw)
        }
    }

    /// Stores `value`, clamped to what the register can hold, in the `size` bytes at `bytes`.
    @inline(__always)
    public func encode(_ value: Int, into bytes: UnsafeMutablePointer<UInt8>) {
        let clamped = min(max(value, range.lowerBound), range.upperBound)
        let raw: UInt64
        switch encoding {
        case .unsigned, .twosComplement:
            raw = UInt64(bitPattern: Int64(clamped))
        case let .signMagnitude(signBit):
            raw = clamped < 0 ? UInt64(-clamped) | (UInt64(1) << UInt64(signBit)) : UInt64(clamped)
        }
        for index in 0..<size {
            let shift = bigEndian ? (size - 1 - index) * 8 : index * 8
            bytes[index] = UInt8(truncatingIfNeeded: raw >> UInt64(shift))
        }
    }
}
