import ServoWire
import Testing

@Suite struct ControlTableRequestTests {
    @Test func registerRequestsEncodeLikeTheManualExamples() throws {
        let xl430 = ControlTable.xl430W250
        let goal = try #require(xl430["Goal_Position"])
        let present = try #require(xl430["Present_Position"])
        let codec = DynamixelCodec()
        // e-Manual Write example: 512 to Goal Position(116) of ID 1.
        #expect(try codec.encode(xl430.writeRequest(goal, value: 512, id: 1)) == bytes("FF FF FD 00 01 09 00 03 74 00 00 02 00 00 CA 89"))
        // e-Manual Read example.
        #expect(try codec.encode(xl430.readRequest(present, id: 1)) == bytes("FF FF FD 00 01 07 00 02 84 00 04 00 1D 15"))
        // e-Manual Sync Read and Sync Write examples.
        #expect(try codec.encode(xl430.syncReadRequest([present], ids: [1, 2])) == DynamixelManual.instructions[7].frame)
        #expect(try codec.encode(xl430.syncWriteRequest(goal, values: [(1, 150), (2, 170)])) == DynamixelManual.instructions[8].frame)
    }

    @Test func feetechSyncWriteOfSignedPositions() throws {
        let sts = ControlTable.sts3215
        let goal = try #require(sts["Goal_Position"])
        // -100 is sign-magnitude 0x8064, stored low byte first.
        let request = sts.syncWriteRequest(goal, values: [(1, 2048), (2, -100)])
        #expect(try FeetechCodec().encode(request) == bytes("FF FF FE 0A 83 2A 02 01 00 08 02 64 80 59"))
    }

    @Test func spansAndValuesOfMultiRegisterReads() throws {
        let sts = ControlTable.sts3215
        let position = try #require(sts["Present_Position"]), velocity = try #require(sts["Present_Velocity"])
        let temperature = try #require(sts["Present_Temperature"])
        let span = sts.span(of: [velocity, position, temperature])
        #expect(span.address == 56 && span.length == 8)
        // Feetech manual 1.3.7: ID 2 answers 8 bytes from 0x38: FF 07 00 00 00 00 77 23.
        let data = bytes("FF 07 00 00 00 00 77 23")
        #expect(try sts.value(of: position, in: data, readFrom: 56) == 2047)
        #expect(try sts.value(of: velocity, in: data, readFrom: 56) == 0)
        #expect(try sts.value(of: temperature, in: data, readFrom: 56) == 0x23)
        let current = try #require(sts["Present_Current"])
        #expect(throws: WireError.badLength) { try sts.value(of: current, in: data, readFrom: 56) }
        #expect(throws: WireError.badLength) { try sts.value(of: position, in: data, readFrom: 58) }
    }
}
