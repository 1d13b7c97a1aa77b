import Testing
import ServoWire

@Suite struct FastSyncReadTests {
    let codec = DynamixelCodec()

    @Test func encodesTheEManualsCombinedStatusByteForByte() {
        #expect(codec.encodeFastSyncReadStatus(DynamixelManual.fastSyncReadReplies) == DynamixelManual.fastSyncReadStatus)
        #expect(codec.encodeFastSyncReadStatus(DynamixelManual.fastSyncReadRepliesY) == DynamixelManual.fastSyncReadStatusY)
    }

    @Test func decodesTheEManualsCombinedStatus() throws {
        let status = try codec.decodeStatus(DynamixelManual.fastSyncReadStatus)
        #expect(status.id == 0xFE)
        #expect(try codec.fastSyncReadReplies(from: status, dataLength: 4) == DynamixelManual.fastSyncReadReplies)
        let statusY = try codec.decodeStatus(DynamixelManual.fastSyncReadStatusY)
        #expect(try codec.fastSyncReadReplies(from: statusY, dataLength: 4) == DynamixelManual.fastSyncReadRepliesY)
    }

    @Test func carriesEachServosErrorByte() throws {
        let replies = [FastSyncReadReply(id: 1, error: 0x80, data: [1, 2]),
                       FastSyncReadReply(id: 2, error: 0x07, data: [3, 4]),
                       FastSyncReadReply(id: 3, error: 0x00, data: [5, 6])]
        let status = try codec.decodeStatus(codec.encodeFastSyncReadStatus(replies))
        #expect(status.error == 0x80)
        #expect(try codec.fastSyncReadReplies(from: status, dataLength: 2) == replies)
        let one = [FastSyncReadReply(id: 9, error: 0, data: [0xFF, 0xFF, 0xFD, 0x00])]
        #expect(try codec.fastSyncReadReplies(from: codec.decodeStatus(codec.encodeFastSyncReadStatus(one)), dataLength: 4) == one)
    }

    @Test func rejectsABadInnerCRC() throws {
        var status = try codec.decodeStatus(DynamixelManual.fastSyncReadStatus)
        status.parameters[5] ^= 0xFF                     // ID 3's CRC 84 08 → 7B 08
        #expect(throws: WireError.badChecksum(expected: 0x0884, got: 0x087B)) {
            try codec.fastSyncReadReplies(from: status, dataLength: 4)
        }
        var data = try codec.decodeStatus(DynamixelManual.fastSyncReadStatus)
        data.parameters[1] ^= 0x01                       // ID 3's data changes under its CRC
        #expect(throws: WireError.self) { try codec.fastSyncReadReplies(from: data, dataLength: 4) }
    }

    @Test func rejectsTheWrongShape() throws {
        let status = try codec.decodeStatus(DynamixelManual.fastSyncReadStatus)
        #expect(throws: WireError.self) { try codec.fastSyncReadReplies(from: status, dataLength: 2) }
        #expect(throws: WireError.self) { try codec.fastSyncReadReplies(from: status, dataLength: 5) }
        var notBroadcast = status
        notBroadcast.id = 1
        #expect(throws: WireError.self) { try codec.fastSyncReadReplies(from: notBroadcast, dataLength: 4) }
    }

    @Test func theCombinedStatusStreamsLikeAnyOther() {
        let frame = DynamixelManual.fastSyncReadStatus
        let status = StatusPacket(id: 0xFE, error: 0, parameters: Array(frame[9..<(frame.count - 2)]))
        expectFrames([0x00] + frame + DynamixelManual.statuses[0].frame, kind: .dynamixel, direction: .statuses,
                     [.status(status), .status(DynamixelManual.statuses[0].packet)])
    }
}
