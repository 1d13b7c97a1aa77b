/// Typed requests to and from raw FT-SCS instruction packets (one-byte addresses and lengths;
/// Feetech "Communication Protocol User Manual", 1.3).
extension FeetechCodec {
    /// The raw packet for `request`; see `ServoCodec.packet(for:)`.
    public func packet(for request: ServoRequest) throws -> InstructionPacket {
        guard let parameters = try RequestParameters(protocolKind: .feetech).encode(request.instruction) else {
            throw WireError.unsupported("Feetech has no \(request.instruction.code) instruction")
        }
        guard parameters.count <= Self.maximumParameterCount else {
            throw WireError.valueOutOfRange(
                "\(parameters.count) parameter bytes exceed Feetech's \(Self.maximumParameterCount)")
        }
        return InstructionPacket(id: request.id, instruction: request.instruction.code, parameters: parameters)
    }

    /// The typed request in `packet`; see `ServoCodec.request(from:)`.
    public func request(from packet: InstructionPacket) throws -> ServoRequest {
        guard let code = Instruction(rawValue: packet.instruction) else {
            throw WireError.unsupported("Feetech instruction 0x\(hex(packet.instruction))")
        }
        var reader = ParameterReader(packet.parameters, instruction: "\(code)")
        guard let instruction = try RequestParameters(protocolKind: .feetech).decode(code, from: &reader) else {
            throw WireError.unsupported("Feetech instruction \(code) has no typed request")
        }
        try reader.expectEnd()
        return ServoRequest(id: packet.id, instruction: instruction)
    }
}
