import SteadyCore

/// The codec for Robotis Dynamixel Protocol 2.0: packets as arrays, framed by
/// `DynamixelFraming` (see there for the frame layout).
///
/// The one exception is the combined reply to a fast sync read (ID 0xFE), which the e-Manual
/// says is sent without byte stuffing; this codec neither stuffs nor unstuffs status packets
/// from ID 0xFE.
public struct DynamixelCodec: ServoCodec {
    /// The header and reserved byte that start every frame.
    public static let header: [UInt8] = [0xFF, 0xFF, 0xFD, 0x00]
    /// The largest length-field value this codec writes (the field is 16 bits wide).
    public static let maximumLengthField = DynamixelFraming.maximumLengthField

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
        let out = WireFrames.frame(id: id, body: body, protocolKind: .dynamixel, stuffed: stuffed)
        precondition(out.count - DynamixelFraming.prefixLength <= Self.maximumLengthField,
                     "Dynamixel packet of \(out.count - DynamixelFraming.prefixLength) bytes exceeds the 16-bit length field")
        return out
    }
}
