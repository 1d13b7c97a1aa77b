/// The byte order of multi-byte values in a Feetech memory table.
///
/// STS/SMS (magnetic encoder) servos store the low byte first, SCS (potentiometer) servos the high byte.
public enum FeetechEndianness: Sendable, Equatable {
    /// Low byte first (STS, SMS, and every Dynamixel).
    case little
    /// High byte first (SCS).
    case big
}
