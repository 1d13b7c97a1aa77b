/// Typed requests to and from raw Protocol 2.0 instruction packets (e-Manual, "Instruction
/// Details": two-byte little-endian addresses and lengths).
extension DynamixelCodec {
    /// The raw packet for `request`; see `ServoCodec.packet(for:)`.
    public func packet(for request: ServoRequest) throws -> InstructionPacket {
        let shared = RequestParameters(protocolKind: .dynamixel)
        let parameters: [UInt8]
        switch request.instruction {
        case .reboot:
            parameters = []
        case let .fastSyncRead(address, length, ids):
            parameters = try shared.idsRead(.fastSyncRead, address: address, length: length, ids: ids)
        case let .bulkRead(items):
            guard !items.isEmpty else { throw WireError.malformedParameters("bulkRead: no items") }
            parameters = items.flatMap { [$0.id] + WireFrames.addressAndLength($0.address, $0.length, protocolKind: .dynamixel) }
        case let .bulkWrite(items):
            guard !items.isEmpty else { throw WireError.malformedParameters("bulkWrite: no items") }
            var out: [UInt8] = []
            for item in items {
                guard !item.data.isEmpty, item.data.count <= Int(UInt16.max) else {
                    throw WireError.malformedParameters("bulkWrite: ID \(item.id) has \(item.data.count) data bytes")
                }
                out.append(item.id)
                out += WireFrames.addressAndLength(item.address, UInt16(item.data.count), protocolKind: .dynamixel) + item.data
            }
            parameters = out
        case .ping, .action, .read, .write, .regWrite, .syncRead, .syncWrite:
            parameters = try shared.encode(request.instruction)!
        }
        // Stuffing can add a byte for every three; refuse what might overflow the length field.
        guard parameters.count + parameters.count / 3 + 3 <= Self.maximumLengthField else {
            throw WireError.valueOutOfRange("\(parameters.count) parameter bytes do not fit one Dynamixel packet")
        }
        return InstructionPacket(id: request.id, instruction: request.instruction.code, parameters: parameters)
    }

    /// The typed request in `packet`; see `ServoCodec.request(from:)`.
    public func request(from packet: InstructionPacket) throws -> ServoRequest {
        guard let code = Instruction(rawValue: packet.instruction) else {
            throw WireError.unsupported("Dynamixel instruction 0x\(hex(packet.instruction))")
        }
        let shared = RequestParameters(protocolKind: .dynamixel)
        var reader = ParameterReader(packet.parameters, instruction: "\(code)")
        let instruction: ServoInstruction
        if let common = try shared.decode(code, from: &reader) {
            instruction = common
        } else {
            switch code {
            case .reboot:
                instruction = .reboot
            case .fastSyncRead:
                let (address, length, ids) = try shared.decodeIDsRead(code, from: &reader)
                instruction = .fastSyncRead(address: address, length: length, ids: ids)
            case .bulkRead:
                instruction = .bulkRead(try Self.bulkReadItems(&reader))
            case .bulkWrite:
                instruction = .bulkWrite(try Self.bulkWriteItems(&reader))
            default:
                throw WireError.unsupported("Dynamixel instruction \(code) has no typed request")
            }
        }
        try reader.expectEnd()
        return ServoRequest(id: packet.id, instruction: instruction)
    }

    private static func bulkReadItems(_ reader: inout ParameterReader) throws -> [BulkReadItem] {
        guard !reader.isAtEnd, reader.remaining % 5 == 0 else {
            throw WireError.malformedParameters("bulkRead: \(reader.remaining) bytes are not a whole number of 5-byte items")
        }
        var items: [BulkReadItem] = []
        while !reader.isAtEnd {
            items.append(BulkReadItem(id: try reader.byte(), address: try reader.uint16(), length: try reader.uint16()))
        }
        return items
    }

    private static func bulkWriteItems(_ reader: inout ParameterReader) throws -> [BulkWriteItem] {
        guard !reader.isAtEnd else { throw WireError.malformedParameters("bulkWrite: no items") }
        var items: [BulkWriteItem] = []
        while !reader.isAtEnd {
            let id = try reader.byte()
            let address = try reader.uint16()
            let length = try reader.uint16()
            guard length > 0 else { throw WireError.malformedParameters("bulkWrite: ID \(id) writes 0 bytes") }
            items.append(BulkWriteItem(id: id, address: address, data: try reader.bytes(Int(length))))
        }
        return items
    }
}
