import SteadyCore

/// Typed requests to and from instruction parameters for the instructions both protocols have
/// (ping, action, read, write, reg-write, sync read, sync write): they differ only in the width
/// of their address and length fields, one byte for Feetech and two (little-endian) for
/// Dynamixel. The one implementation behind both codecs' request facets.
struct RequestParameters {
    let protocolKind: ServoProtocolKind

    /// The parameters of `instruction`, or nil when it is not one both protocols have.
    ///
    /// - Throws: `WireError` when a field does not fit or the instruction is malformed.
    func encode(_ instruction: ServoInstruction) throws -> [UInt8]? {
        switch instruction {
        case .ping, .action:
            return []
        case let .read(address, length):
            return try addressAndLength(address, length)
        case let .write(address, data), let .regWrite(address, data):
            guard !data.isEmpty else { throw WireError.malformedParameters("\(instruction.code): no data") }
            return try field(address, "address") + data
        case let .syncRead(address, length, ids):
            return try idsRead(instruction.code, address: address, length: length, ids: ids)
        case let .syncWrite(address, length, items):
            guard !items.isEmpty else { throw WireError.malformedParameters("syncWrite: no items") }
            var out = try addressAndLength(address, length)
            for item in items {
                guard item.data.count == Int(length) else {
                    throw WireError.malformedParameters(
                        "syncWrite: ID \(item.id) has \(item.data.count) data bytes, length is \(length)")
                }
                out.append(item.id)
                out.append(contentsOf: item.data)
            }
            return out
        case .reboot, .fastSyncRead, .bulkRead, .bulkWrite:
            return nil
        }
    }

    /// The parameters of a read from several servos (sync read, fast sync read): address,
    /// length and the IDs.
    func idsRead(_ code: Instruction, address: UInt16, length: UInt16, ids: [UInt8]) throws -> [UInt8] {
        guard !ids.isEmpty else { throw WireError.malformedParameters("\(code): no IDs") }
        return try addressAndLength(address, length) + ids
    }

    /// The typed instruction for `code` read from `reader`, or nil when it is not one both
    /// protocols have (the reader is then untouched).
    ///
    /// - Throws: `WireError.malformedParameters` when the parameters do not have its shape.
    func decode(_ code: Instruction, from reader: inout ParameterReader) throws -> ServoInstruction? {
        switch code {
        case .ping:
            return .ping
        case .action:
            return .action
        case .read:
            return .read(address: try field(&reader), length: try field(&reader))
        case .write, .regWrite:
            let address = try field(&reader)
            let data = reader.rest()
            guard !data.isEmpty else { throw WireError.malformedParameters("\(code): no data") }
            return code == .write ? .write(address: address, data: data) : .regWrite(address: address, data: data)
        case .syncRead:
            let (address, length, ids) = try decodeIDsRead(code, from: &reader)
            return .syncRead(address: address, length: length, ids: ids)
        case .syncWrite:
            let address = try field(&reader)
            let length = try field(&reader)
            let stride = Int(length) + 1
            guard length > 0, !reader.isAtEnd, reader.remaining % stride == 0 else {
                throw WireError.malformedParameters(
                    "syncWrite: \(reader.remaining) bytes are not a whole number of ID + \(length) data bytes")
            }
            var items: [SyncWriteItem] = []
            while !reader.isAtEnd {
                items.append(SyncWriteItem(id: try reader.byte(), data: try reader.bytes(Int(length))))
            }
            return .syncWrite(address: address, length: length, items: items)
        case .factoryReset, .reboot, .clear, .status, .fastSyncRead, .bulkRead, .bulkWrite:
            return nil
        }
    }

    /// The address, length and IDs of a read from several servos.
    func decodeIDsRead(_ code: Instruction, from reader: inout ParameterReader) throws
        -> (address: UInt16, length: UInt16, ids: [UInt8]) {
        let address = try field(&reader)
        let length = try field(&reader)
        let ids = reader.rest()
        guard !ids.isEmpty else { throw WireError.malformedParameters("\(code): no IDs") }
        return (address, length, ids)
    }

    /// One address or length field.
    func field(_ reader: inout ParameterReader) throws -> UInt16 {
        protocolKind == .feetech ? UInt16(try reader.byte()) : try reader.uint16()
    }

    /// The bytes of one address or length field.
    /// - Throws: `WireError.valueOutOfRange` for a Feetech value above 255.
    func field(_ value: UInt16, _ name: String) throws -> [UInt8] {
        guard protocolKind == .feetech else { return Bytes.littleEndian(value) }
        guard let byte = UInt8(exactly: value) else {
            throw WireError.valueOutOfRange("Feetech \(name) \(value) does not fit one byte")
        }
        return [byte]
    }

    /// An address field followed by a length field.
    func addressAndLength(_ address: UInt16, _ length: UInt16) throws -> [UInt8] {
        _ = try field(address, "address")
        _ = try field(length, "length")
        return WireFrames.addressAndLength(address, length, protocolKind: protocolKind)
    }
}
