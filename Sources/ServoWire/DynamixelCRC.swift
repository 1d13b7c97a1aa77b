/// The CRC-16 of Dynamixel Protocol 2.0 (polynomial 0x8005, initial value 0, no reflection, no
/// final XOR), as the e-Manual's `update_crc` computes it over a frame from its header up to the
/// last parameter byte.
public enum DynamixelCRC {
    /// The 256-entry lookup table (the e-Manual's `crc_table`), derived from the polynomial at first use.
    public static let table: [UInt16] = (0..<256).map { index in
        var crc = UInt16(index) << 8
        for _ in 0..<8 {
            crc = crc & 0x8000 != 0 ? (crc << 1) ^ 0x8005 : crc << 1
        }
        return crc
    }

    /// Continues the CRC `crc` over `bytes`; start with 0.
    @inlinable
    public static func update<C: Collection>(_ crc: UInt16, with bytes: C) -> UInt16 where C.Element == UInt8 {
        var crc = crc
        table.withUnsafeBufferPointer { table in
            for byte in bytes {
                let index = Int(UInt8(truncatingIfNeeded: crc >> 8) ^ byte)
                crc = (crc << 8) ^ table[index]
            }
        }
        return crc
    }

    /// The CRC of `bytes`.
    @inlinable
    public static func checksum<C: Collection>(_ bytes: C) -> UInt16 where C.Element == UInt8 {
        update(0, with: bytes)
    }
}
