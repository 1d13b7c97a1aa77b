/// The instruction codes of Dynamixel Protocol 2.0 and Feetech SCS/STS.
///
/// Where both protocols have an instruction it has the same byte in both. Feetech has only
/// `ping`, `read`, `write`, `regWrite`, `action`, `factoryReset` (its RESET), `syncRead` and `syncWrite`.
public enum Instruction: UInt8, CaseIterable, Sendable {
    case ping = 0x01
    case read = 0x02
    case write = 0x03
    case regWrite = 0x04
    case action = 0x05
    case factoryReset = 0x06
    case reboot = 0x08
    case clear = 0x10
    /// The instruction byte of every Dynamixel status packet.
    case status = 0x55
    case syncRead = 0x82
    case syncWrite = 0x83
    case fastSyncRead = 0x8A
    case bulkRead = 0x92
    case bulkWrite = 0x93
}
