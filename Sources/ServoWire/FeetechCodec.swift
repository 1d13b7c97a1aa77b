import SteadyCore

/// The codec for Feetech's SCS/STS protocol (FT-SCS): packets as arrays, framed by
/// `FeetechFraming` (see there for the frame layout). Addresses and lengths in parameters are
/// one byte each.
///
/// The byte order of multi-byte register values (`endianness`) does not affect framing; it is
/// kept here so callers that build register data can ask the codec (STS little, SCS big).
public struct FeetechCodec: ServoCodec {
    /// The two header bytes.
    public static let header: [UInt8] = [0xFF, 0xFF]
    /// The most parameter bytes one frame can carry (the length byte holds parameters + 2).
    public static let maximumParameterCount = FeetechFraming.maximumParameterCount

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
        FeetechFraming.checksum(bytes)
    }

    private static func frame(id: UInt8, code: UInt8, parameters: [UInt8]) -> [UInt8] {
        precondition(parameters.count <= maximumParameterCount,
                     "Feetech packet with \(parameters.count) parameter bytes exceeds the length byte")
        return WireFrames.frame(id: id, body: [code] + parameters, protocolKind: .feetech)
    }
}
