import Testing
import ServoWire

@Suite struct DynamixelCodecTests {
    let codec = DynamixelCodec()

    @Test(arguments: DynamixelManual.instructions)
    func encodesManualInstructionByteForByte(_ example: InstructionExample) throws {
        #expect(try codec.encode(example.request) == example.frame)
    }

    @Test(arguments: DynamixelManual.instructions)
    func decodesManualInstructionToTheSameRequest(_ example: InstructionExample) throws {
        let packet = try codec.decodeInstruction(example.frame)
        #expect(packet.id == example.request.id)
        #expect(packet.instruction == example.request.instruction.code.rawValue)
        #expect(try codec.request(from: packet) == example.request)
    }

    @Test(arguments: DynamixelManual.rawInstructions)
    func encodesAndDecodesManualInstructionsWithoutTypedForm(_ example: RawInstructionExample) throws {
        #expect(codec.encode(example.packet) == example.frame)
        #expect(try codec.decodeInstruction(example.frame) == example.packet)
        #expect(throws: WireError.self) { try codec.request(from: example.packet) }
    }

    @Test(arguments: DynamixelManual.statuses)
    func encodesAndDecodesManualStatusByteForByte(_ example: StatusExample) throws {
        #expect(codec.encode(example.packet) == example.frame)
        #expect(try codec.decodeStatus(example.frame) == example.packet)
    }

    @Test func pingStatusCarriesModelNumberAndFirmwareLittleEndian() throws {
        // e-Manual Ping Example 1: XM430-W210, model number 1030, firmware 38.
        let status = try codec.decodeStatus(bytes("FF FF FD 00 01 07 00 55 00 06 04 26 65 5D"))
        #expect(Int(status.parameters[0]) | Int(status.parameters[1]) << 8 == 1030)
        #expect(status.parameters[2] == 38)
    }

    @Test func rejectsAFrameWithAWrongCRC() {
        var frame = bytes("FF FF FD 00 01 03 00 01 19 4E")
        frame[9] = 0x4F
        #expect(throws: WireError.badChecksum(expected: 0x4E19, got: 0x4F19)) { try codec.decodeInstruction(frame) }
    }

    @Test func rejectsAStatusWithoutErrorByte() {
        // Length 3 leaves room for the instruction 0x55 only.
        let body = bytes("FF FF FD 00 01 03 00 55")
        let crc = referenceCRC16(body)
        #expect(throws: WireError.badLength) {
            try codec.decodeStatus(body + [UInt8(crc & 0xFF), UInt8(crc >> 8)])
        }
    }

    @Test func refusesMalformedParameters() {
        let malformed: [(UInt8, [UInt8])] = [
            (0x01, [0x00]),                         // ping takes none
            (0x02, [0x84, 0x00, 0x04]),             // read needs 4 bytes
            (0x03, [0x74, 0x00]),                   // write without data
            (0x82, [0x84, 0x00, 0x04, 0x00]),       // sync read without IDs
            (0x83, bytes("74 00 04 00 01 96 00 00 00 02 AA")),  // ragged sync write
            (0x83, bytes("74 00 00 00 01")),        // zero-length sync write
            (0x92, bytes("01 90 00 02")),           // short bulk read item
            (0x93, bytes("01 20 00 02 00 A0")),     // bulk write data shorter than declared
            (0x93, bytes("01 20 00 00 00")),        // bulk write of 0 bytes
        ]
        for (instruction, parameters) in malformed {
            let packet = InstructionPacket(id: 0xFE, instruction: instruction, parameters: parameters)
            #expect(throws: WireError.self, "instruction 0x\(String(instruction, radix: 16))") {
                try codec.request(from: packet)
            }
        }
    }

    @Test func refusesUnknownAndUntypedInstructions() {
        for code: UInt8 in [0x00, 0x07, 0x20, 0x55, 0x77, 0x9A] {
            #expect(throws: WireError.self) { try codec.request(from: InstructionPacket(id: 1, instruction: code)) }
        }
    }

    @Test func refusesToEncodeInconsistentRequests() {
        let ragged = ServoRequest.syncWrite(address: 116, items: [SyncWriteItem(id: 1, data: [1, 2, 3, 4]),
                                                                  SyncWriteItem(id: 2, data: [1, 2])])
        #expect(throws: WireError.malformedParameters("syncWrite: ID 2 has 2 data bytes, length is 4")) {
            try codec.packet(for: ragged)
        }
        #expect(throws: WireError.self) { try codec.packet(for: .syncRead(address: 132, length: 4, ids: [])) }
        #expect(throws: WireError.self) { try codec.packet(for: .bulkWrite([BulkWriteItem(id: 1, address: 0, data: [])])) }
        #expect(throws: WireError.self) {
            try codec.packet(for: ServoRequest(id: 1, instruction: .write(address: 0, data: [UInt8](repeating: 0, count: 65_533))))
        }
    }

    @Test func typedRequestsRoundTripThroughRawPackets() throws {
        var random = SeededGenerator(seed: 11)
        for _ in 0..<500 {
            let request = randomRequest(using: &random, addressLimit: .max, includeDynamixelOnly: true)
            let packet = try codec.packet(for: request)
            #expect(try codec.request(from: packet) == request)
            #expect(try codec.request(from: try codec.decodeInstruction(codec.encode(packet))) == request)
        }
    }
}

import SteadyCore

/// A random well-formed request.
func randomRequest(using random: inout SeededGenerator, addressLimit: UInt16, includeDynamixelOnly: Bool) -> ServoRequest {
    func byte() -> UInt8 { UInt8.random(in: 0...255, using: &random) }
    func data(_ count: Int) -> [UInt8] { (0..<count).map { _ in byte() } }
    func address() -> UInt16 { UInt16.random(in: 0...addressLimit, using: &random) }
    let id = UInt8.random(in: 0...0xFC, using: &random)
    let ids = data(Int.random(in: 1...6, using: &random))
    let length = Int.random(in: 1...8, using: &random)
    let kinds = includeDynamixelOnly ? 11 : 7
    switch Int.random(in: 0..<kinds, using: &random) {
    case 0: return ServoRequest(id: id, instruction: .ping)
    case 1: return ServoRequest(id: id, instruction: .read(address: address(), length: UInt16(length)))
    case 2: return ServoRequest(id: id, instruction: .write(address: address(), data: data(length)))
    case 3: return ServoRequest(id: id, instruction: .regWrite(address: address(), data: data(length)))
    case 4: return ServoRequest(id: id, instruction: .action)
    case 5: return .syncRead(address: address(), length: UInt16(length), ids: ids)
    case 6: return .syncWrite(address: address(), items: ids.map { SyncWriteItem(id: $0, data: data(length)) })
    case 7: return ServoRequest(id: id, instruction: .reboot)
    case 8: return .fastSyncRead(address: address(), length: UInt16(length), ids: ids)
    case 9: return .bulkRead(ids.map { BulkReadItem(id: $0, address: address(), length: UInt16.random(in: 1...300, using: &random)) })
    default: return .bulkWrite(ids.map { BulkWriteItem(id: $0, address: address(), data: data(Int.random(in: 1...9, using: &random))) })
    }
}
