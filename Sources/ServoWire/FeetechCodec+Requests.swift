/// Typed requests to and from raw FT-SCS instruction packets (one-byte addresses and lengths;
/// Feetech "Communication Protocol User Manual", 1.3).
extension FeetechCodec {
    /// The raw packet for `request`; see `ServoCodec.packet(for:)`.
    public func packet(for request: ServoRequest) throws -> InstructionPacket {
        let parameters: [UInt8]
        switch request.instruction {
        case .ping, .action:
            parameters = []
        case let .read(address, length):
            parameters = try Self.addressAndLength(address, length)
        case let .write(address, data), let .regWrite(address, data):
            guard !data.isEmpty else { throw WireError.malformedParameters("\(request.instruction.code): no data") }
            parameters = [try Self.byte(address, "address")] + data
        case let .syncRead(address, length, ids):
            guard !ids.isEmpty else { throw WireError.malformedParameters("syncRead: no IDs") }
            parameters = try Self.addressAndLength(address, length) + ids
        case let .syncWrite(address, length, items):
            guard !items.isEmpty else { throw WireError.malformedParameters("syncWrite: no items") }
            var out = try Self.addressAndLength(address, length)
            for item in items {
                guard item.data.count == Int(length) else {
                    throw WireError.malformedParameters(
                        "syncWrite: ID \(item.id) has \(item.data.count) data bytes, length is \(length)")
                }
                out.append(item.id)
                out.append(contentsOf: item.data)
            }
            parameters = out
        case .reboot, .fastSyncRead, .bulkRead, .bulkWrite:
            throw WireError.unsupported("Feetech has no \(request.instruction.code) instruction")
        }
        guard parameters.count <= Self.maximumParameterCount else {
            throw WireError.valueOutOfRange(
                "\(parameters.count) parameter bytes exceed Feetech's \(Self.maximumParameterCount)")
        }
        return InstructionPacket(id: request.id, instruction: request.instruction.code, parameters: parameters)
    }

    /// The typed request in `packet`; see `ServoCodec.request(from:)`.
    public func request(from packet: InstructionPacket) throws -> ServoRequest {
        guard let code = Instruction(rawValue: packet.instruction) else {
            throw WireError.unsupported("Feetech instruction 0x\(hex(packet.instruction))")
        }
        var reader = ParameterReader(packet.parameters, instruction: "\(code)")
        let instruction: ServoInstruction
        switch code {
        case .ping:
            instruction = .ping
        case .action:
            instruction = .action
        case .read:
            instruction = .read(address: UInt16(try reader.byte()), length: UInt16(try reader.byte()))
        case .write, .regWrite:
            let address = UInt16(try reader.byte())
            let data = reader.rest()
            guard !data.isEmpty else { throw WireError.malformedParameters("\(code): no data") }
            instruction = code == .write ? .write(address: address, data: data) : .regWrite(address: address, data: data)
        case .syncRead:
            let address = UInt16(try reader.byte())
            let length = UInt16(try reader.byte())
            let ids = reader.rest()
            guard !ids.isEmpty else { throw WireError.malformedParameters("syncRead: no IDs") }
            instruction = .syncRead(address: address, length: length, ids: ids)
        case .syncWrite:
            let address = UInt16(try reader.byte())
            let length = Int(try reader.byte())
            guard length > 0, !reader.isAtEnd, reader.remaining % (length + 1) == 0 else {
                throw WireError.malformedParameters(
                    "syncWrite: \(reader.remaining) bytes are not a whole number of ID + \(length) data bytes")
            }
            var items: [SyncWriteItem] = []
            while !reader.isAtEnd {
                items.append(SyncWriteItem(id: try reader.byte(), data: try reader.bytes(length)))
            }
            instruction = .syncWrite(address: address, length: UInt16(length), items: items)
        case .factoryReset, .reboot, .clear, .status, .fastSyncRead, .bulkRead, .bulkWrite:
            throw WireError.unsupported("Feetech instruction \(code) has no typed request")
        }
        try reader.expectEnd()
        return ServoRequest(id: packet.id, instruction: instruction)
    }

    /// The one-byte address and length fields.
    private static func addressAndLength(_ address: UInt16, _ length: UInt16) throws -> [UInt8] {
        _ = try byte(address, "address")
        _ = try byte(length, "length")
        return WireFrames.addressAndLength(address, length, protocolKind: .feetech)
    }

    private static func byte(_ value: UInt16, _ field: String) throws -> UInt8 {
        guard let byte = UInt8(exactly: value) else {
            throw WireError.valueOutOfRange("Feetech \(field) \(value) does not fit one byte")
        }
        return byte
    }
}
