/// One named field of a servo's control table (memory table).
public struct Register: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// The name, in Steady's shared vocabulary where there is one (e.g. `Goal_Position`),
    /// otherwise the vendor's name with underscores.
    public var name: String
    /// The first byte's address.
    public var address: UInt16
    /// The number of bytes (1, 2 or 4).
    public var size: Int
    /// EEPROM or RAM.
    public var area: MemoryArea
    /// Read-only or read-write.
    public var access: RegisterAccess
    /// How the bytes map to an integer.
    public var encoding: ValueEncoding
    /// The factory default (the value after a factory reset, or at power-up for RAM), which a
    /// servo twin starts from. Where the vendor gives none ("-"), 0 unless the register's
    /// documentation says otherwise.
    public var initialValue: Int

    /// Creates a register description.
    ///
    /// - Precondition: `size` is 1, 2 or 4, and a sign bit lies inside the register.
    public init(name: String, address: UInt16, size: Int, area: MemoryArea, access: RegisterAccess,
                encoding: ValueEncoding = .unsigned, initialValue: Int = 0) {
        precondition([1, 2, 4].contains(size), "register \(name): size \(size) is not 1, 2 or 4")
        if case let .signMagnitude(signBit) = encoding {
            precondition((1..<(size * 8)).contains(signBit), "register \(name): sign bit \(signBit) outside \(size) bytes")
        }
        self.name = name
        self.address = address
        self.size = size
        self.area = area
        self.access = access
        self.encoding = encoding
        self.initialValue = initialValue
    }

    /// The addresses the register occupies.
    public var addresses: Range<Int> { Int(address)..<(Int(address) + size) }

    /// The values the register can hold.
    public var representableRange: ClosedRange<Int> {
        let bits = size * 8
        switch encoding {
        case .unsigned:
            return 0...((1 << bits) - 1)
        case .twosComplement:
            return -(1 << (bits - 1))...((1 << (bits - 1)) - 1)
        case let .signMagnitude(signBit):
            let largest = (1 << signBit) - 1
            return -largest...largest
        }
    }

    public var description: String { "\(name)(\(address), \(size))" }
}
