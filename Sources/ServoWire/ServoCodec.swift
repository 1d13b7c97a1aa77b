import SteadyCore

/// A packet codec for one serial-servo protocol: framing, checksums and the mapping between raw
/// packets and typed requests.
///
/// Both directions are covered, so the same codec serves the controller (which encodes
/// instructions and decodes statuses) and the servo twin (which does the opposite). Streams of
/// bytes are split into frames by `PacketDecoder`.
public protocol ServoCodec: Sendable {
    /// The protocol this codec speaks.
    var protocolKind: ServoProtocolKind { get }

    /// The complete frame for an instruction packet: header, ID, length, instruction, parameters,
    /// checksum or CRC, and (Dynamixel) byte stuffing.
    ///
    /// - Precondition: the parameters fit the protocol's length field.
    func encode(_ packet: InstructionPacket) -> [UInt8]

    /// The complete frame for a status packet.
    ///
    /// - Precondition: the parameters fit the protocol's length field.
    func encode(_ packet: StatusPacket) -> [UInt8]

    /// The raw packet for a typed request.
    ///
    /// - Throws: `WireError` if the protocol has no such instruction or a field does not fit
    ///   (e.g. an address above 255 for Feetech, sync-write items of unequal length).
    func packet(for request: ServoRequest) throws -> InstructionPacket

    /// The typed request in a raw packet.
    ///
    /// - Throws: `WireError.unsupported` for instructions without a typed form,
    ///   `WireError.malformedParameters` when the parameters do not have the instruction's shape.
    func request(from packet: InstructionPacket) throws -> ServoRequest
}

extension ServoCodec {
    /// The complete frame for a typed request.
    public func encode(_ request: ServoRequest) throws -> [UInt8] {
        encode(try packet(for: request))
    }

    /// Decodes exactly one complete instruction frame.
    ///
    /// - Throws: the frame's `WireError`, or `WireError.badLength` when `frame` is not exactly one
    ///   instruction frame.
    public func decodeInstruction<C: Collection>(_ frame: C) throws -> InstructionPacket where C.Element == UInt8 {
        switch try decodeSingleFrame(frame, direction: .instructions) {
        case let .instruction(packet): return packet
        default: throw WireError.badLength
        }
    }

    /// Decodes exactly one complete status frame.
    ///
    /// - Throws: the frame's `WireError`, or `WireError.badLength` when `frame` is not exactly one
    ///   status frame.
    public func decodeStatus<C: Collection>(_ frame: C) throws -> StatusPacket where C.Element == UInt8 {
        switch try decodeSingleFrame(frame, direction: .statuses) {
        case let .status(packet): return packet
        default: throw WireError.badLength
        }
    }

    private func decodeSingleFrame<C: Collection>(_ frame: C, direction: PacketDirection) throws -> DecodedFrame
    where C.Element == UInt8 {
        var decoder = PacketDecoder(protocolKind: protocolKind, direction: direction,
                                    feetechEndianness: (self as? FeetechCodec)?.endianness ?? .little)
        decoder.feed(frame)
        guard let first = decoder.nextFrame() else { throw WireError.badLength }
        if case let .corrupt(error) = first { throw error }
        guard decoder.bufferedByteCount == 0 else { throw WireError.badLength }
        return first
    }
}

/// The codec for a protocol; `feetechEndianness` matters only for Feetech.
public func makeCodec(for kind: ServoProtocolKind, feetechEndianness: FeetechEndianness = .little) -> any ServoCodec {
    switch kind {
    case .dynamixel: return DynamixelCodec()
    case .feetech: return FeetechCodec(endianness: feetechEndianness)
    }
}

extension ServoProtocolKind {
    /// This protocol's codec (little-endian for Feetech); see `makeCodec(for:feetechEndianness:)`.
    public var codec: any ServoCodec { makeCodec(for: self) }
}
