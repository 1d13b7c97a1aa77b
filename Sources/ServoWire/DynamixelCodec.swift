import SteadyCore

/// The codec for Robotis Dynamixel Protocol 2.0.
///
/// A frame is `FF FF FD 00`, the ID, a little-endian length (instruction, parameters and CRC,
/// counted after byte stuffing), the instruction (0x55 for a status, followed by the error
/// byte), the stuffed parameters and a little-endian CRC-16 over everything before it
/// (e-Manual, "Protocol 2.0": Instruction Packet, Status Packet, Packet Process).
///
/// The one exception is the combined reply to a fast sync read (ID 0xFE), which the e-Manual
/// says is sent without byte stuffing; this codec neither stuffs nor unstuffs status packets
/// from ID 0xFE.
public struct DynamixelCodec: ServoCodec {
    /// The header and reserved byte that start every frame.
    public static let header: [UInt8] = [0xFF, 0xFF, 0xFD, 0x00]
    /// Header, reserved byte, ID and the two length bytes.
    static let prefixLength = 7
    /// The largest length-field value this codec writes (the field is 16 bits wide).
    public static let maximumLengthField = Int(UInt16.max)

    /// Always `.dynamixel`.
    public var protocolKind: ServoProtocolKind { .dynamixel }

    /// Creates the codec.
    public init() {}

    /// The stuffed frame for an instruction packet.
    public func encode(_ packet: InstructionPacket) -> [UInt8] {
        frame(id: packet.id, body: [packet.instruction] + packet.parameters, stuffed: true)
    }

    /// The frame for a status packet (stuffed unless it comes from ID 0xFE).
    public func encode(_ packet: StatusPacket) -> [UInt8] {
        let body = [Instruction.status.rawValue, packet.error] + packet.parameters
        return frame(id: packet.id, body: body, stuffed: packet.id != ServoRequest.broadcastID)
    }

    /// Header, ID, length, `body` (instruction onwards, stuffed if asked) and CRC.
    private func frame(id: UInt8, body: [UInt8], stuffed: Bool) -> [UInt8] {
        let wireBody = stuffed ? DynamixelByteStuffing.stuff(body) : body
        let lengthField = wireBody.count + 2
        precondition(lengthField <= Self.maximumLengthField,
                     "Dynamixel packet of \(lengthField) bytes exceeds the 16-bit length field")
        var out = Self.header
        out.reserveCapacity(Self.prefixLength + lengthField)
        out.append(id)
        out.append(UInt8(truncatingIfNeeded: lengthField))
        out.append(UInt8(truncatingIfNeeded: lengthField >> 8))
        out.append(contentsOf: wireBody)
        let crc = DynamixelCRC.checksum(out)
        out.append(UInt8(truncatingIfNeeded: crc))
        out.append(UInt8(truncatingIfNeeded: crc >> 8))
        return out
    }
}

/// Frame recognition for the streaming decoder.
extension DynamixelCodec {
    /// What the bytes at `start` say about a frame beginning there.
    static func header(in bytes: ArraySlice<UInt8>, at start: Int, maximumFrameLength: Int) -> FrameHeader {
        let fixed = header
        for offset in 0..<prefixLength {
            let index = start + offset
            guard index < bytes.endIndex else { return .needMoreBytes }
            let byte = bytes[index]
            switch offset {
            case 0..<4:
                if byte != fixed[offset] { return .none }
            case 4:
                // 0xFD and 0xFF are never IDs: they would read as header bytes.
                if byte == 0xFD || byte == 0xFF { return .none }
            default:
                break
            }
        }
        let lengthField = Int(bytes[start + 5]) | Int(bytes[start + 6]) << 8
        let total = prefixLength + lengthField
        guard lengthField >= 3, total <= maximumFrameLength else { return .none }
        return .frame(length: total)
    }

    /// Checks the CRC of one complete frame and splits it into a packet.
    static func decodeFrame(_ frame: ArraySlice<UInt8>) -> Result<DecodedFrame, WireError> {
        let start = frame.startIndex
        let crcIndex = frame.endIndex - 2
        let expected = DynamixelCRC.checksum(frame[start..<crcIndex])
        let got = UInt16(frame[crcIndex]) | UInt16(frame[crcIndex + 1]) << 8
        guard expected == got else { return .failure(.badChecksum(expected: expected, got: got)) }
        let id = frame[start + 4]
        let instruction = frame[start + prefixLength]
        let wireParameters = frame[(start + prefixLength + 1)..<crcIndex]
        if instruction == Instruction.status.rawValue {
            guard let error = wireParameters.first else { return .failure(.badLength) }
            let rest = wireParameters.dropFirst()
            if id == ServoRequest.broadcastID {
                return .success(.status(StatusPacket(id: id, error: error, parameters: Array(rest))))
            }
            let unstuffed = DynamixelByteStuffing.unstuff([instruction] + wireParameters)
            return .success(.status(StatusPacket(id: id, error: unstuffed[1], parameters: Array(unstuffed.dropFirst(2)))))
        }
        let unstuffed = DynamixelByteStuffing.unstuff([instruction] + wireParameters)
        return .success(.instruction(InstructionPacket(id: id, instruction: instruction,
                                                       parameters: Array(unstuffed.dropFirst()))))
    }
}
