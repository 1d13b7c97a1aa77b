/// Where a register lives: EEPROM keeps its value across power cycles (and, on both vendors'
/// servos, can be written only with torque off or the lock cleared); RAM starts from its
/// initial value at every power-up.
public enum MemoryArea: Sendable, Equatable {
    case eeprom
    case ram
}

/// Whether a register may be written.
public enum RegisterAccess: Sendable, Equatable {
    case readOnly
    case readWrite
}
