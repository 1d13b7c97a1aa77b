/// How a register's bytes represent a signed or unsigned integer.
public enum ValueEncoding: Sendable, Equatable, Hashable {
    /// An unsigned integer of the register's size.
    case unsigned
    /// A two's-complement signed integer of the register's size (Dynamixel's signed registers).
    case twosComplement
    /// Sign and magnitude: bit `signBit` set means negative, the other bits hold the magnitude
    /// (Feetech's signed registers, e.g. bit 15 for positions and speeds, bit 11 for the homing
    /// offset, bit 10 for the load).
    case signMagnitude(signBit: Int)
}
