/// A raw status packet as a servo returns it, protocol independent.
///
/// Dynamixel frames carry the instruction byte 0x55 (`Instruction.status`) before the error byte;
/// Feetech frames do not. Both keep the error byte apart from the parameters.
public struct StatusPacket: Equatable, Sendable {
    /// The ID of the servo that answered (0xFE for a Dynamixel fast sync read's combined reply).
    public var id: UInt8
    /// The error byte: decode it with `DynamixelStatusError`, `FeetechStatusError` or
    /// `describeStatusError(_:protocolKind:)`.
    public var error: UInt8
    /// The parameter bytes, unstuffed.
    public var parameters: [UInt8]

    /// Creates a status packet from its raw fields.
    public init(id: UInt8, error: UInt8 = 0, parameters: [UInt8] = []) {
        self.id = id
        self.error = error
        self.parameters = parameters
    }
}
