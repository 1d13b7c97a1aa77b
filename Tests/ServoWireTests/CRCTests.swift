import SteadyCore
import Testing
import ServoWire

/// An independent bit-by-bit CRC-16 (polynomial 0x8005, initial 0, MSB first, no final XOR).
func referenceCRC16(_ data: [UInt8]) -> UInt16 {
    var crc: UInt16 = 0
    for byte in data {
        crc ^= UInt16(byte) << 8
        for _ in 0..<8 {
            crc = crc & 0x8000 != 0 ? (crc << 1) ^ 0x8005 : crc << 1
        }
    }
    return crc
}

@Suite struct CRCTests {
    /// Every Dynamixel frame the e-Manual prints, with the CRC it prints.
    static let manualFrames: [[UInt8]] = DynamixelManual.instructions.map(\.frame)
        + DynamixelManual.rawInstructions.map(\.frame) + DynamixelManual.statuses.map(\.frame)
        + [DynamixelManual.fastSyncReadStatus, DynamixelManual.fastSyncReadStatusY]

    @Test func matchesEveryCRCPrintedInTheEManual() {
        for frame in Self.manualFrames {
            let printed = UInt16(frame[frame.count - 2]) | UInt16(frame[frame.count - 1]) << 8
            #expect(DynamixelCRC.checksum(frame.dropLast(2)) == printed, "\(frame)")
            #expect(referenceCRC16(Array(frame.dropLast(2))) == printed, "reference implementation disagrees")
        }
    }

    @Test func matchesTheBitwiseReferenceOnRandomData() {
        var random = SeededGenerator(seed: 3)
        for _ in 0..<300 {
            let data = (0..<Int.random(in: 0...200, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            #expect(DynamixelCRC.checksum(data) == referenceCRC16(data))
        }
    }

    @Test func updatingInPiecesEqualsOneChecksum() {
        let frame = DynamixelManual.fastSyncReadStatus
        for split in 0...frame.count {
            let first = DynamixelCRC.checksum(frame[..<split])
            #expect(DynamixelCRC.update(first, with: frame[split...]) == DynamixelCRC.checksum(frame))
        }
    }

    @Test func tableIsTheOneTheEManualPrints() {
        // First and last rows of the e-Manual's crc_table, copied from the CRC page.
        #expect(Array(DynamixelCRC.table.prefix(8)) == [0x0000, 0x8005, 0x800F, 0x000A, 0x801B, 0x001E, 0x0014, 0x8011])
        #expect(Array(DynamixelCRC.table.suffix(8)) == [0x8213, 0x0216, 0x021C, 0x8219, 0x0208, 0x820D, 0x8207, 0x0202])
    }
}
