/// CRC-32 as PNG chunks use it (ISO 3309 / ITU-T V.42: reflected polynomial 0xEDB88320,
/// initial value and final XOR 0xFFFFFFFF).
public enum CRC32 {
    /// The 256-entry lookup table of the reflected polynomial.
    static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    /// The checksum of `bytes`; pass a previous result as `continuing` to extend it.
    public static func checksum<Bytes: Sequence>(_ bytes: Bytes, continuing previous: UInt32 = 0) -> UInt32
    where Bytes.Element == UInt8 {
        var crc = ~previous
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return ~crc
    }
}

/// Adler-32, the checksum that ends a zlib stream (RFC 1950 §8.2).
public enum Adler32 {
    /// The checksum of `bytes`.
    public static func checksum<Bytes: Sequence>(_ bytes: Bytes) -> UInt32 where Bytes.Element == UInt8 {
        var a: UInt32 = 1, b: UInt32 = 0, pending = 0
        for byte in bytes {
            a += UInt32(byte)
            b += a
            pending += 1
            // 5552 is the largest run for which b cannot overflow 32 bits before the modulo.
            if pending == 5552 { a %= 65521; b %= 65521; pending = 0 }
        }
        return (b % 65521) << 16 | (a % 65521)
    }
}
