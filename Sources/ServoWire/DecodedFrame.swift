/// One result of a `PacketDecoder`: a packet, or the report of a corrupt frame it skipped.
public enum DecodedFrame: Equatable, Sendable {
    case instruction(InstructionPacket)
    case status(StatusPacket)
    /// A frame was found but rejected; the decoder has already resynchronised past it.
    case corrupt(WireError)
}
