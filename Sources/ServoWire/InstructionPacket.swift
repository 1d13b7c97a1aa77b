/// A raw instruction packet as it travels from the controller to a servo, protocol independent.
///
/// The framing (header, length, checksum or CRC, byte stuffing) is added by a `ServoCodec`;
/// this type holds only what the frame carries.
public struct InstructionPacket: Equatable, Sendable {
    /// The target servo's ID, or `ServoRequest.broadcastID` (0xFE).
    public var id: UInt8
    /// The instruction byte; see `Instruction` for the known values.
    public var instruction: UInt8
    /// The parameter bytes, unstuffed.
    public var parameters: [UInt8]

    /// Creates a packet from its raw fields.
    public init(id: UInt8, instruction: UInt8, parameters: [UInt8] = []) {
        self.id = id
        self.instruction = instruction
        self.parameters = parameters
    }

    /// Creates a packet for a known instruction.
    public init(id: UInt8, instruction: Instruction, parameters: [UInt8] = []) {
        self.init(id: id, instruction: instruction.rawValue, parameters: parameters)
    }
}
