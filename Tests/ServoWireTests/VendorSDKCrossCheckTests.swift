import ServoWire
import Testing

/// Frames captured from the vendors' Python SDKs (`dynamixel-sdk` 4.1.0 `Protocol2PacketHandler`,
/// `feetech-servo-sdk` 1.0.0 `PacketHandler(0)`) writing to a fake port, for requests with
/// random data rich in FF and FD bytes. The SDK frames that would need byte stuffing are left
/// out: that SDK's `txPacket` drops the result of its own `addStuffing` and sends them unstuffed.
@Suite struct VendorSDKCrossCheckTests {
    static let dynamixel: [(ServoRequest, String)] = [
        (ServoRequest(id: 82, instruction: .write(address: 154, data: bytes("00 FF FF 55 FD FF FF"))),
         "FF FF FD 00 52 0C 00 03 9A 00 00 FF FF 55 FD FF FF 4E D5"),
        (ServoRequest(id: 108, instruction: .write(address: 60, data: bytes("FF FF 00 00 FD FF FD FD FD FF"))),
         "FF FF FD 00 6C 0F 00 03 3C 00 FF FF 00 00 FD FF FD FD FD FF 2B BA"),
        (ServoRequest(id: 249, instruction: .write(address: 226, data: [0xFD])), "FF FF FD 00 F9 06 00 03 E2 00 FD FB 9B"),
        (ServoRequest(id: 219, instruction: .write(address: 136, data: bytes("FD FF FD FF FD"))),
         "FF FF FD 00 DB 0A 00 03 88 00 FD FF FD FF FD B8 BE"),
        (ServoRequest(id: 144, instruction: .write(address: 61, data: bytes("FF FD 00 FD FD 55 FF FD FD FD"))),
         "FF FF FD 00 90 0F 00 03 3D 00 FF FD 00 FD FD 55 FF FD FD FD 7E 96"),
        (ServoRequest(id: 92, instruction: .write(address: 306, data: bytes("55 FF 00 55"))),
         "FF FF FD 00 5C 09 00 03 32 01 55 FF 00 55 DD F4"),
        (.syncWrite(address: 116, items: [SyncWriteItem(id: 0x2A, data: bytes("FF FD FD FF")),
                                          SyncWriteItem(id: 0xC1, data: bytes("00 FF 55 FD")),
                                          SyncWriteItem(id: 0x57, data: bytes("FD 55 55 FF"))]),
         "FF FF FD 00 FE 16 00 83 74 00 04 00 2A FF FD FD FF C1 00 FF 55 FD 57 FD 55 55 FF 23 01"),
        (.syncWrite(address: 116, items: [SyncWriteItem(id: 0x57, data: bytes("FD FD FD 55")),
                                          SyncWriteItem(id: 0xB1, data: bytes("FD FF 55 FF")),
                                          SyncWriteItem(id: 0x59, data: bytes("FF FD 00 00"))]),
         "FF FF FD 00 FE 16 00 83 74 00 04 00 57 FD FD FD 55 B1 FD FF 55 FF 59 FF FD 00 00 2B F1"),
        (.fastSyncRead(address: 132, length: 4, ids: [1, 2, 3]), "FF FF FD 00 FE 0A 00 8A 84 00 04 00 01 02 03 1A EC"),
        (.syncRead(address: 132, length: 4, ids: [1, 2, 3]), "FF FF FD 00 FE 0A 00 82 84 00 04 00 01 02 03 2A 6C"),
        (.bulkWrite([BulkWriteItem(id: 1, address: 116, data: [0xFF, 0xFF]), BulkWriteItem(id: 2, address: 64, data: [0xFD])]),
         "FF FF FD 00 FE 10 00 93 01 74 00 02 00 FF FF 02 40 00 01 00 FD BB 68"),
    ]

    static let feetech: [(ServoRequest, String)] = [
        (ServoRequest(id: 16, instruction: .write(address: 7, data: bytes("9E E4 91 C5 B1 0B"))), "FF FF 10 09 03 07 9E E4 91 C5 B1 0B 48"),
        (ServoRequest(id: 240, instruction: .write(address: 59, data: bytes("56 3B FC"))), "FF FF F0 06 03 3B 56 3B FC 3E"),
        (ServoRequest(id: 15, instruction: .write(address: 27, data: bytes("93 42 7E CB C8 FE 29"))),
         "FF FF 0F 0A 03 1B 93 42 7E CB C8 FE 29 BB"),
        (ServoRequest(id: 42, instruction: .write(address: 57, data: bytes("8E 46 DC 8E"))), "FF FF 2A 07 03 39 8E 46 DC 8E 54"),
        (.syncRead(address: 56, length: 4, ids: [1, 2, 3, 4, 5, 6]), "FF FF FE 0A 82 38 04 01 02 03 04 05 06 24"),
        (.syncWrite(address: 42, items: [SyncWriteItem(id: 1, data: [0x00, 0x08]), SyncWriteItem(id: 2, data: [0x64, 0x80])]),
         "FF FF FE 0A 83 2A 02 01 00 08 02 64 80 59"),
    ]

    @Test func dynamixelFramesEqualTheSDKs() throws {
        let codec = DynamixelCodec()
        for (request, frame) in Self.dynamixel {
            #expect(try codec.encode(request) == bytes(frame), "\(request)")
            #expect(try codec.request(from: codec.decodeInstruction(bytes(frame))) == request)
        }
    }

    @Test func feetechFramesEqualTheSDKs() throws {
        let codec = FeetechCodec()
        for (request, frame) in Self.feetech {
            #expect(try codec.encode(request) == bytes(frame), "\(request)")
            #expect(try codec.request(from: codec.decodeInstruction(bytes(frame))) == request)
        }
    }
}
