/// The combined status of Fast Sync Read (0x8A).
///
/// All servos answer in one status packet from ID 0xFE (e-Manual, "Fast Sync Read"): the first
/// servo sends the header, the length of the whole packet, 0x55, its error, ID and data and a
/// CRC; each following servo appends its error, ID, data and CRC. Every CRC runs over the whole
/// packet from the header up to that point (checked against both e-Manual examples), so the last
/// servo's CRC is the packet's CRC. The packet is not byte-stuffed.
///
/// In `StatusPacket` terms: `error` is the first servo's error and `parameters` are
/// `ID₁ data₁ CRC₁ err₂ ID₂ data₂ CRC₂ … errₙ IDₙ dataₙ`.
extension DynamixelCodec {
    /// The combined status packet for `replies`, with the inner CRCs filled in.
    ///
    /// - Precondition: `replies` is not empty and all carry data of the same length.
    public func fastSyncReadStatus(_ replies: [FastSyncReadReply]) -> StatusPacket {
        precondition(!replies.isEmpty, "a fast sync read status needs at least one reply")
        let dataLength = replies[0].data.count
        precondition(replies.allSatisfy { $0.data.count == dataLength },
                     "fast sync read replies must carry data of the same length")
        let lengthField = replies.count * (dataLength + 4) + 1
        precondition(lengthField <= Self.maximumLengthField, "fast sync read status too long")
        var crc = DynamixelCRC.checksum(Self.header + [ServoRequest.broadcastID,
                                                       UInt8(truncatingIfNeeded: lengthField),
                                                       UInt8(truncatingIfNeeded: lengthField >> 8),
                                                       Instruction.status.rawValue, replies[0].error])
        var parameters: [UInt8] = []
        parameters.reserveCapacity(lengthField)
        for (index, reply) in replies.enumerated() {
            // The first servo's error byte sits in the status header, before the parameters.
            let part = (index == 0 ? [] : [reply.error]) + [reply.id] + reply.data
            crc = DynamixelCRC.update(crc, with: part)
            parameters += part
            if index < replies.count - 1 {
                let crcBytes = Bytes.littleEndian(crc)
                crc = DynamixelCRC.update(crc, with: crcBytes)
                parameters += crcBytes
            }
        }
        return StatusPacket(id: ServoRequest.broadcastID, error: replies[0].error, parameters: parameters)
    }

    /// The complete frame of the combined status for `replies`.
    public func encodeFastSyncReadStatus(_ replies: [FastSyncReadReply]) -> [UInt8] {
        encode(fastSyncReadStatus(replies))
    }

    /// Splits a combined fast-sync-read status into the servos' replies, checking every inner CRC.
    ///
    /// - Parameter dataLength: the length the fast sync read asked for.
    /// - Throws: `WireError.malformedParameters` if the packet is not from ID 0xFE or its size
    ///   does not fit whole replies of `dataLength` bytes; `WireError.badChecksum` if an inner CRC
    ///   is wrong (the outer CRC was checked when the frame was decoded).
    public func fastSyncReadReplies(from status: StatusPacket, dataLength: Int) throws -> [FastSyncReadReply] {
        guard status.id == ServoRequest.broadcastID else {
            throw WireError.malformedParameters("fast sync read status from ID \(status.id), expected 0xFE")
        }
        let stride = dataLength + 4
        let count = status.parameters.count + 3
        guard dataLength >= 0, count % stride == 0, count / stride >= 1 else {
            throw WireError.malformedParameters(
                "fast sync read status: \(status.parameters.count) parameter bytes do not hold replies of \(dataLength) bytes")
        }
        let servoCount = count / stride
        let lengthField = servoCount * stride + 1
        var crc = DynamixelCRC.checksum(Self.header + [ServoRequest.broadcastID,
                                                       UInt8(truncatingIfNeeded: lengthField),
                                                       UInt8(truncatingIfNeeded: lengthField >> 8),
                                                       Instruction.status.rawValue, status.error])
        var reader = ParameterReader(status.parameters, instruction: "fastSyncRead status")
        var replies: [FastSyncReadReply] = []
        replies.reserveCapacity(servoCount)
        for index in 0..<servoCount {
            let error = index == 0 ? status.error : try reader.byte()
            let id = try reader.byte()
            let data = try reader.bytes(dataLength)
            if index > 0 { crc = DynamixelCRC.update(crc, with: [error]) }
            crc = DynamixelCRC.update(crc, with: [id] + data)
            if index < servoCount - 1 {
                let got = try reader.uint16()
                guard got == crc else { throw WireError.badChecksum(expected: crc, got: got) }
                crc = DynamixelCRC.update(crc, with: Bytes.littleEndian(got))
            }
            replies.append(FastSyncReadReply(id: id, error: error, data: data))
        }
        try reader.expectEnd()
        return replies
    }
}
