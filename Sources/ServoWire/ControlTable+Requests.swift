/// Requests built from registers, so callers name registers and values instead of addresses
/// and bytes.
extension ControlTable {
    /// The contiguous span that covers `registers` (which need not be adjacent): the lowest
    /// address and the length up to the end of the highest register.
    ///
    /// - Precondition: `registers` is not empty.
    public func span(of registers: [Register]) -> (address: UInt16, length: UInt16) {
        precondition(!registers.isEmpty, "a span needs at least one register")
        let start = registers.map(\.addresses.lowerBound).min()!
        let end = registers.map(\.addresses.upperBound).max()!
        return (UInt16(start), UInt16(end - start))
    }

    /// A read of `register` from servo `id`.
    public func readRequest(_ register: Register, id: UInt8) -> ServoRequest {
        ServoRequest(id: id, instruction: .read(address: register.address, length: UInt16(register.size)))
    }

    /// A write of `value` to `register` of servo `id`.
    ///
    /// - Precondition: `register.representableRange` contains `value`.
    public func writeRequest(_ register: Register, value: Int, id: UInt8) -> ServoRequest {
        ServoRequest(id: id, instruction: .write(address: register.address, data: encode(value, for: register)))
    }

    /// A sync read of the span covering `registers` from every servo in `ids`.
    public func syncReadRequest(_ registers: [Register], ids: [UInt8]) -> ServoRequest {
        let (address, length) = span(of: registers)
        return .syncRead(address: address, length: length, ids: ids)
    }

    /// A sync write of one value per servo to `register`.
    ///
    /// - Precondition: every value is in `register.representableRange`.
    public func syncWriteRequest(_ register: Register, values: [(id: UInt8, value: Int)]) -> ServoRequest {
        .syncWrite(address: register.address,
                   items: values.map { SyncWriteItem(id: $0.id, data: encode($0.value, for: register)) })
    }

    /// The value of `register` inside `data`, which holds the bytes read from `address` onwards.
    ///
    /// - Throws: `WireError.badLength` if `data` does not cover the register.
    public func value(of register: Register, in data: [UInt8], readFrom address: UInt16) throws -> Int {
        let offset = Int(register.address) - Int(address)
        guard offset >= 0, offset + register.size <= data.count else { throw WireError.badLength }
        return decode(data[offset..<(offset + register.size)], for: register)
    }
}
