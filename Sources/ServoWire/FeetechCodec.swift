import SteadyCore

/// The codec for Feetech's SCS/STS protocol (FT-SCS).
///
/// A frame is `FF FF`, the ID, a length byte (parameters + 2), the instruction (or, in a status,
/// the error byte), the parameters and a checksum `~(ID + length + instruction + parameters)`
/// truncated to one byte (Feetech "Communication Protocol User Manual", 1.1 and 1.2). Addresses
/// and lengths in parameters are one byte each. There is no byte stuffing.
///
/// The byte order of multi-byte register values (`endianness`) does not affect framing; it is
/// kept here so callers that build register data can ask the codec (STS little, SCS big).
public struct FeetechCodec: ServoCodec {
    /// The two header bytes.
    public static let header: [UInt8] = [0xFF, 0xFF]
    /// The most parameter bytes one frame can carry (the length byte holds parameters + 2).
    public static let maximumParameterCount = 253

    /// Always `.feetech`.
    public var protocolKind: ServoProtocolKind { .feetech }
    /// Byte order of multi-byte register values.
    public let endianness: FeetechEndianness

    /// Creates the codec; STS/SMS servos are little-endian, SCS servos big-endian.
    public init(endianness: FeetechEndianness = .little) {
        self.endianness = endianness
    }

    /// The frame for an instruction packet.
    public func encode(_ packet: InstructionPacket) -> [UInt8] {
        Self.frame(id: packet.id, code: packet.instruction, parameters: packet.parameters)
    }

    /// The frame for a status packet; the error byte takes the instruction's place.
    public func encode(_ packet: StatusPacket) -> [UInt8] {
        Self.frame(id: packet.id, code: packet.error, parameters: packet.parameters)
    }

    /// The one-byte checksum: the bitwise complement of the low byte of the sum of `bytes`.
    public static func checksum<C: Collection>(_ bytes: C) -> UInt8 where C.Element == UInt8 {
        var sum: UInt8 = 0
        for byte in bytes { sum &+= byte }
        return ~sum
    }

    private static func frame(id: UInt8, code: UInt8, parameters: [UInt8]) -> [UInt8] {
        precondition(parameters.count <= maximumParameterCount,
                     "Feetech packet with \(parameters.count) parameter bytes exceeds the length byte")
        var out: [UInt8] = header
        out.reserveCapacity(parameters.count + 6)
        out.append(id)
        out.append(UInt8(parameters.count + 2))
        out.append(code)
        out.append(contentsOf: parameters)
        out.append(checksum(out[2...]))
        return out
    }
}

/// Frame recognition for the streaming decoder.
extension FeetechCodec {
    /// What the bytes at `start` say about a frame beginning there.
    static func header(in bytes: ArraySlice<UInt8>, at start: Int) -> FrameHeader {
        for offset in 0..<4 {
            let index = start + offset
            guard index < bytes.endIndex else { return .needMoreBytes }
            let byte = bytes[index]
            switch offset {
            case 0, 1:
                if byte != 0xFF { return .none }
            case 2:
                // 0xFF is never an ID: in `FF FF FF ..` the frame starts one byte later.
                if byte == 0xFF { return .none }
            default:
                if byte < 2 { return .none }
            }
        }
        return .frame(length: 4 + Int(bytes[start + 3]))
    }

    /// Checks the checksum of one complete frame and splits it into a packet.
    static func decodeFrame(_ frame: ArraySlice<UInt8>, direction: PacketDirection) -> Result<DecodedFrame, WireError> {
        let start = frame.startIndex
        let last = frame.endIndex - 1
        let expected = checksum(frame[(start + 2)..<last])
        let got = frame[last]
        guard expected == got else { return .failure(.badChecksum(expected: UInt16(expected), got: UInt16(got))) }
        let id = frame[start + 2]
        let code = frame[start + 4]
        let parameters = Array(frame[(start + 5)..<last])
        switch direction {
        case .instructions:
            return .success(.instruction(InstructionPacket(id: id, instruction: code, parameters: parameters)))
        case .statuses:
            return .success(.status(StatusPacket(id: id, error: code, parameters: parameters)))
        }
    }
}
