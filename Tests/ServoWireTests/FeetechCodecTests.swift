import SteadyCore
import Testing
import ServoWire

@Suite struct FeetechCodecTests {
    let codec = FeetechCodec()

    @Test(arguments: FeetechManual.instructions)
    func encodesManualInstructionByteForByte(_ example: InstructionExample) throws {
        #expect(try codec.encode(example.request) == example.frame)
    }

    @Test(arguments: FeetechManual.instructions)
    func decodesManualInstructionToTheSameRequest(_ example: InstructionExample) throws {
        #expect(try codec.request(from: codec.decodeInstruction(example.frame)) == example.request)
    }

    @Test(arguments: FeetechManual.statuses)
    func encodesAndDecodesManualStatusByteForByte(_ example: StatusExample) throws {
        #expect(codec.encode(example.packet) == example.frame)
        #expect(try codec.decodeStatus(example.frame) == example.packet)
    }

    @Test func resetHasNoTypedRequestButFramesLikeTheManual() throws {
        let example = FeetechManual.reset
        #expect(codec.encode(example.packet) == example.frame)
        #expect(try codec.decodeInstruction(example.frame) == example.packet)
        #expect(throws: WireError.self) { try codec.request(from: example.packet) }
    }

    @Test func checksumIsTheComplementOfTheLowByteOfTheSum() {
        var random = SeededGenerator(seed: 5)
        for _ in 0..<200 {
            let data = (0..<Int.random(in: 0...60, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            let sum = data.reduce(0) { $0 + Int($1) }
            #expect(FeetechCodec.checksum(data) == UInt8(255 - sum % 256))
        }
        // Manual 1.3.2: ~(01 + 04 + 02 + 38 + 02) = ~0x41 = 0xBE.
        #expect(FeetechCodec.checksum([0x01, 0x04, 0x02, 0x38, 0x02]) == 0xBE)
    }

    @Test func rejectsAWrongChecksum() {
        #expect(throws: WireError.badChecksum(expected: 0xFB, got: 0xFA)) {
            try codec.decodeInstruction(bytes("FF FF 01 02 01 FA"))
        }
    }

    @Test func readReplyValueInBothByteOrders() throws {
        // Manual 1.3.2 reads 0x0518 (1304) as 18 05 from a little-endian STS servo.
        let status = try codec.decodeStatus(bytes("FF FF 01 04 00 18 05 DD"))
        let position = try #require(ControlTable.sts3215["Present_Position"])
        #expect(ControlTable.sts3215.decode(status.parameters, for: position) == 1304)
        let scs = ControlTable(model: .sts3215, registers: [position], endianness: .big)
        #expect(scs.decode([0x05, 0x18], for: position) == 1304)
        #expect(scs.encode(1304, for: position) == [0x05, 0x18])
        #expect(FeetechCodec(endianness: .big).endianness == .big)
        #expect(FeetechCodec().endianness == .little)
    }

    @Test func refusesWhatFeetechCannotCarry() {
        #expect(throws: WireError.valueOutOfRange("Feetech address 256 does not fit one byte")) {
            try codec.packet(for: ServoRequest(id: 1, instruction: .read(address: 256, length: 2)))
        }
        #expect(throws: WireError.self) { try codec.packet(for: ServoRequest(id: 1, instruction: .read(address: 56, length: 300))) }
        #expect(throws: WireError.self) { try codec.packet(for: .syncRead(address: 56, length: 2, ids: [])) }
        for unsupported: ServoRequest in [ServoRequest(id: 1, instruction: .reboot),
                                          .fastSyncRead(address: 56, length: 2, ids: [1]),
                                          .bulkRead([BulkReadItem(id: 1, address: 56, length: 2)]),
                                          .bulkWrite([BulkWriteItem(id: 1, address: 42, data: [0, 8])])] {
            #expect(throws: WireError.self) { try codec.packet(for: unsupported) }
        }
        let tooMany = ServoRequest(id: 1, instruction: .write(address: 0, data: [UInt8](repeating: 0, count: 253)))
        #expect(throws: WireError.self) { try codec.packet(for: tooMany) }
    }

    @Test func refusesMalformedParameters() {
        let malformed: [(UInt8, [UInt8])] = [
            (0x02, [0x38]), (0x02, [0x38, 0x02, 0x00]), (0x03, [0x2A]), (0x82, [0x38, 0x02]),
            (0x83, bytes("2A 02 01 00 08 02 00")), (0x83, bytes("2A 00 01")), (0x01, [0x00]),
        ]
        for (instruction, parameters) in malformed {
            #expect(throws: WireError.self) {
                try codec.request(from: InstructionPacket(id: 0xFE, instruction: instruction, parameters: parameters))
            }
        }
    }

    @Test func typedRequestsRoundTrip() throws {
        var random = SeededGenerator(seed: 12)
        for _ in 0..<500 {
            let request = randomRequest(using: &random, addressLimit: 255, includeDynamixelOnly: false)
            let frame = try codec.encode(request)
            #expect(try codec.request(from: codec.decodeInstruction(frame)) == request)
        }
    }

    @Test func makeCodecPicksTheProtocol() {
        #expect(makeCodec(for: .feetech).protocolKind == .feetech)
        #expect(makeCodec(for: .dynamixel).protocolKind == .dynamixel)
        #expect((makeCodec(for: .feetech, feetechEndianness: .big) as? FeetechCodec)?.endianness == .big)
    }
}
