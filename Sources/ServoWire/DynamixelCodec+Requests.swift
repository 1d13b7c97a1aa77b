/// Typed requests to and from raw Protocol 2.0 instruction packets (e-Manual, "Instruction
/// Details": two-byte little-endian addresses and lengths).
extension DynamixelCodec {
    /// The raw packet for `request`; see `ServoCodec.packet(for:)`.
    public func packet(for request: ServoRequest) throws -> InstructionPacket {
        let parameters: [UInt8]
        switch request.instruction {
        case .ping, .action, .reboot:
            parameters = []
        case let .read(address, length):
            parameters = WireFrames.addressAndLength(address, length, protocolKind: .dynamixel)
        case let .write(address, data), let .regWrite(address, data):
            guard !data.isEmpty else { throw WireError.malformedParameters("\(request.instruction.code): no data") }
            parameters = Bytes.littleEndian(address) + data
        case let .syncRead(address, length, ids), let .fastSyncRead(address, length, ids):
            guard !ids.isEmpty else { throw WireError.malformedParameters("\(request.instruction.code): no IDs") }
            parameters = WireFrames.addressAndLength(address, length, protocolKind: .dynamixel) + ids
        case let .syncWrite(address, length, items):
            guard !items.isEmpty else { throw WireError.malformedParameters("syncWrite: no items") }
            var out = WireFrames.addressAndLength(address, length, protocolKind: .dynamixel)
            for item in items {
                guard item.data.count == Int(length) else {
                    throw WireError.malformedParameters(
                        "syncWrite: ID \(item.id) has \(item.data.count) data bytes, length is \(length)")
                }
                out.append(item.id)
                out.append(contentsOf: item.data)
            }
            parameters = out
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
        var reader = ParameterReader(packet.parameters, instruction: "\(code)")
        let instruction: ServoInstruction
        switch code {
        case .ping:
            instruction = .ping
        case .action:
            instruction = .action
        case .reboot:
            instruction = .reboot
        case .read:
            instruction = .read(address: try reader.uint16(), length: try reader.uint16())
        case .write, .regWrite:
            let address = try reader.uint16()
            let data = reader.rest()
            guard !data.isEmpty else { throw WireError.malformedParameters("\(code): no data") }
            instruction = code == .write ? .write(address: address, data: data) : .regWrite(address: address, data: data)
        case .syncRead, .fastSyncRead:
            let address = try reader.uint16()
            let length = try reader.uint16()
            let ids = reader.rest()
            guard !ids.isEmpty else { throw WireError.malformedParameters("\(code): no IDs") }
            instruction = code == .syncRead
                ? .syncRead(address: address, length: length, ids: ids)
                : .fastSyncRead(address: address, length: length, ids: ids)
        case .syncWrite:
            let address = try reader.uint16()
            let length = try reader.uint16()
            let stride = Int(length) + 1
            guard length > 0, !reader.isAtEnd, reader.remaining % stride == 0 else {
                throw WireError.malformedParameters(
                    "syncWrite: \(reader.remaining) bytes are not a whole number of ID + \(length) data bytes")
            }
            var items: [SyncWriteItem] = []
            while !reader.isAtEnd {
                items.append(SyncWriteItem(id: try reader.byte(), data: try reader.bytes(Int(length))))
            }
            instruction = .syncWrite(address: address, length: length, items: items)
        case .bulkRead:
            guard !reader.isAtEnd, reader.remaining % 5 == 0 else {
                throw WireError.malformedParameters("bulkRead: \(reader.remaining) bytes are not a whole number of 5-byte items")
            }
            var items: [BulkReadItem] = []
            while !reader.isAtEnd {
                items.append(BulkReadItem(id: try reader.byte(), address: try reader.uint16(), length: try reader.uint16()))
            }
            instruction = .bulkRead(items)
        case .bulkWrite:
            guard !reader.isAtEnd else { throw WireError.malformedParameters("bulkWrite: no items") }
            var items: [BulkWriteItem] = []
            while !reader.isAtEnd {
                let id = try reader.byte()
                let address = try reader.uint16()
                let length = try reader.uint16()
                guard length > 0 else { throw WireError.malformedParameters("bulkWrite: ID \(id) writes 0 bytes") }
                items.append(BulkWriteItem(id: id, address: address, data: try reader.bytes(Int(length))))
            }
            instruction = .bulkWrite(items)
        case .factoryReset, .clear, .status:
            throw WireError.unsupported("Dynamixel instruction \(code) has no typed request")
        }
        try reader.expectEnd()
        return ServoRequest(id: packet.id, instruction: instruction)
    }
}
