import SteadyCore
import Testing
import ServoWire

@Suite struct ByteStuffingTests {
    let codec = DynamixelCodec()

    @Test func insertsFDAfterEveryFFFFFD() {
        let cases: [([UInt8], [UInt8])] = [
            ([0xFF, 0xFF, 0xFD], [0xFF, 0xFF, 0xFD, 0xFD]),
            ([0xFF, 0xFF, 0xFF, 0xFD], [0xFF, 0xFF, 0xFF, 0xFD, 0xFD]),
            ([0xFF, 0xFF, 0xFD, 0xFD], [0xFF, 0xFF, 0xFD, 0xFD, 0xFD]),
            ([0xFF, 0xFF, 0xFD, 0xFF, 0xFF, 0xFD], [0xFF, 0xFF, 0xFD, 0xFD, 0xFF, 0xFF, 0xFD, 0xFD]),
            ([0xFF, 0xFD, 0xFF, 0xFF], [0xFF, 0xFD, 0xFF, 0xFF]),
            ([0xFF, 0x00, 0xFF, 0xFD], [0xFF, 0x00, 0xFF, 0xFD]),
            ([], []),
        ]
        for (plain, stuffed) in cases {
            #expect(DynamixelByteStuffing.stuff(plain) == stuffed)
            #expect(DynamixelByteStuffing.unstuff(stuffed) == plain)
            #expect(DynamixelByteStuffing.stuffedByteCount(in: plain) == stuffed.count - plain.count)
        }
    }

    @Test func encoderStuffsCountsStuffedBytesInLengthAndCRCsTheStuffedFrame() throws {
        // Write FF FF FD 01 to address 116 of ID 1: the parameters hold the header pattern.
        let packet = InstructionPacket(id: 1, instruction: .write, parameters: [0x74, 0x00, 0xFF, 0xFF, 0xFD, 0x01])
        let body: [UInt8] = [0xFF, 0xFF, 0xFD, 0x00, 0x01, 0x0A, 0x00, 0x03, 0x74, 0x00, 0xFF, 0xFF, 0xFD, 0xFD, 0x01]
        let crc = referenceCRC16(body)
        let expected = body + [UInt8(crc & 0xFF), UInt8(crc >> 8)]
        #expect(codec.encode(packet) == expected)
        #expect(try codec.decodeInstruction(expected) == packet)
        #expect(try codec.request(from: packet) == ServoRequest(id: 1, instruction: .write(address: 116, data: [0xFF, 0xFF, 0xFD, 0x01])))
    }

    @Test func statusParametersAreStuffedButTheFastSyncReadReplyIsNot() throws {
        let status = StatusPacket(id: 3, error: 0, parameters: [0xFF, 0xFF, 0xFD, 0x00])
        let frame = codec.encode(status)
        #expect(Array(frame[5...6]) == [0x09, 0x00])
        #expect(Array(frame[9...13]) == [0xFF, 0xFF, 0xFD, 0xFD, 0x00])
        #expect(try codec.decodeStatus(frame) == status)

        let combined = StatusPacket(id: 0xFE, error: 0, parameters: [0x03, 0xFF, 0xFF, 0xFD, 0x00])
        let unstuffed = codec.encode(combined)
        #expect(Array(unstuffed[10...13]) == [0xFF, 0xFF, 0xFD, 0x00])
        #expect(try codec.decodeStatus(unstuffed) == combined)
    }

    @Test func randomParametersRoundTrip() throws {
        var random = SeededGenerator(seed: 42)
        // Mostly FF and FD so that header patterns and runs of them are frequent.
        let alphabet: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFD, 0xFD, 0x00, 0x55, 0x01]
        for _ in 0..<1000 {
            let parameters = (0..<Int.random(in: 0...40, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
            let packet = InstructionPacket(id: UInt8.random(in: 0...0xFC, using: &random), instruction: 0x03, parameters: parameters)
            let frame = codec.encode(packet)
            let lengthField = Int(frame[5]) | Int(frame[6]) << 8
            #expect(lengthField == frame.count - 7)
            #expect(lengthField == parameters.count + 3 + DynamixelByteStuffing.stuffedByteCount(in: [0x03] + parameters))
            #expect(referenceCRC16(Array(frame.dropLast(2))) == UInt16(frame[frame.count - 2]) | UInt16(frame[frame.count - 1]) << 8)
            #expect(!containsHeader(frame.dropFirst()), "a stuffed frame must hold no second header")
            #expect(try codec.decodeInstruction(frame) == packet)

            let status = StatusPacket(id: packet.id, error: UInt8.random(in: 0...7, using: &random), parameters: parameters)
            #expect(try codec.decodeStatus(codec.encode(status)) == status)
        }
    }

    private func containsHeader(_ bytes: ArraySlice<UInt8>) -> Bool {
        let array = Array(bytes)
        guard array.count >= 4 else { return false }
        return (0...(array.count - 4)).contains { array[$0..<($0 + 4)] == [0xFF, 0xFF, 0xFD, 0x00] }
    }
}
