import ServoWire
import Testing

/// Parses `"FF FF 01"` into bytes.
func bytes(_ hex: String) -> [UInt8] {
    hex.split(separator: " ").map { UInt8($0, radix: 16)! }
}

/// An instruction frame from a vendor manual and the typed request it encodes.
struct InstructionExample: Sendable, CustomTestStringConvertible {
    let section: String
    let request: ServoRequest
    let frame: [UInt8]
    var testDescription: String { section }
}

/// A status frame from a vendor manual and the packet it carries.
struct StatusExample: Sendable, CustomTestStringConvertible {
    let section: String
    let packet: StatusPacket
    let frame: [UInt8]
    var testDescription: String { section }
}

/// An instruction frame from a vendor manual that has no typed request in ServoWire.
struct RawInstructionExample: Sendable, CustomTestStringConvertible {
    let section: String
    let packet: InstructionPacket
    let frame: [UInt8]
    var testDescription: String { section }
}

/// The examples of the Robotis e-Manual, "DYNAMIXEL Protocol 2.0", section "Instruction Details".
enum DynamixelManual {
    static let instructions: [InstructionExample] = [
        .init(section: "Ping (0x01) Example 1", request: ServoRequest(id: 1, instruction: .ping),
              frame: bytes("FF FF FD 00 01 03 00 01 19 4E")),
        .init(section: "Ping (0x01) Example 2, broadcast", request: ServoRequest(id: 0xFE, instruction: .ping),
              frame: bytes("FF FF FD 00 FE 03 00 01 31 42")),
        .init(section: "Read (0x02): Present Position(132), 4 bytes",
              request: ServoRequest(id: 1, instruction: .read(address: 132, length: 4)),
              frame: bytes("FF FF FD 00 01 07 00 02 84 00 04 00 1D 15")),
        .init(section: "Write (0x03): 512 to Goal Position(116)",
              request: ServoRequest(id: 1, instruction: .write(address: 116, data: [0x00, 0x02, 0x00, 0x00])),
              frame: bytes("FF FF FD 00 01 09 00 03 74 00 00 02 00 00 CA 89")),
        .init(section: "Reg Write (0x04): 200 to Goal Velocity(104)",
              request: ServoRequest(id: 1, instruction: .regWrite(address: 104, data: [0xC8, 0x00, 0x00, 0x00])),
              frame: bytes("FF FF FD 00 01 09 00 04 68 00 C8 00 00 00 AE 8E")),
        .init(section: "Action (0x05)", request: ServoRequest(id: 1, instruction: .action),
              frame: bytes("FF FF FD 00 01 03 00 05 02 CE")),
        .init(section: "Reboot (0x08)", request: ServoRequest(id: 1, instruction: .reboot),
              frame: bytes("FF FF FD 00 01 03 00 08 2F 4E")),
        .init(section: "Sync Read (0x82): Present Position of IDs 1, 2",
              request: .syncRead(address: 132, length: 4, ids: [1, 2]),
              frame: bytes("FF FF FD 00 FE 09 00 82 84 00 04 00 01 02 CE FA")),
        .init(section: "Sync Write (0x83): Goal Position 150 to ID 1, 170 to ID 2",
              request: .syncWrite(address: 116, items: [SyncWriteItem(id: 1, data: [0x96, 0, 0, 0]),
                                                        SyncWriteItem(id: 2, data: [0xAA, 0, 0, 0])]),
              frame: bytes("FF FF FD 00 FE 11 00 83 74 00 04 00 01 96 00 00 00 02 AA 00 00 00 82 87")),
        .init(section: "Fast Sync Read (0x8A): Present Position of IDs 3, 7, 4",
              request: .fastSyncRead(address: 132, length: 4, ids: [3, 7, 4]),
              frame: bytes("FF FF FD 00 FE 0A 00 8A 84 00 04 00 03 07 04 20 F2")),
        // The same section's example on the e-Manual page for DYNAMIXEL-Y (JA40): Present Position(580).
        .init(section: "Fast Sync Read (0x8A): Present Position(580) of IDs 1, 2",
              request: .fastSyncRead(address: 580, length: 4, ids: [1, 2]),
              frame: bytes("FF FF FD 00 FE 09 00 8A 44 02 04 00 01 02 72 F2")),
        .init(section: "Bulk Read (0x92): Present Voltage(144) of ID 1, Present Temperature(146) of ID 2",
              request: .bulkRead([BulkReadItem(id: 1, address: 144, length: 2), BulkReadItem(id: 2, address: 146, length: 1)]),
              frame: bytes("FF FF FD 00 FE 0D 00 92 01 90 00 02 00 02 92 00 01 00 1A 05")),
        .init(section: "Bulk Write (0x93): Max Voltage Limit(32) 160 to ID 1, Temperature Limit(31) 80 to ID 2",
              request: .bulkWrite([BulkWriteItem(id: 1, address: 32, data: [0xA0, 0x00]),
                                   BulkWriteItem(id: 2, address: 31, data: [0x50])]),
              frame: bytes("FF FF FD 00 FE 10 00 93 01 20 00 02 00 A0 00 02 1F 00 01 00 50 B7 68")),
    ]

    /// Instructions without a typed form (the e-Manual's Factory Reset, Clear and Control Table
    /// Backup examples). The Backup section's second example (restore, "... 92 F5") is left out:
    /// its printed CRC does not match its bytes (they give 0xF59E).
    static let rawInstructions: [RawInstructionExample] = [
        .init(section: "Factory Reset (0x06): reset all except ID",
              packet: InstructionPacket(id: 1, instruction: .factoryReset, parameters: [0x01]),
              frame: bytes("FF FF FD 00 01 04 00 06 01 A1 E6")),
        .init(section: "Clear (0x10): multi-turn revolution",
              packet: InstructionPacket(id: 1, instruction: .clear, parameters: [0x01, 0x44, 0x58, 0x4C, 0x22]),
              frame: bytes("FF FF FD 00 01 08 00 10 01 44 58 4C 22 B1 DC")),
        .init(section: "Control Table Backup (0x20): store",
              packet: InstructionPacket(id: 1, instruction: 0x20, parameters: [0x01, 0x43, 0x54, 0x52, 0x4C]),
              frame: bytes("FF FF FD 00 01 08 00 20 01 43 54 52 4C 16 F5")),
    ]

    static let statuses: [StatusExample] = [
        .init(section: "Ping Example 1: ID 1 status (model 1030, firmware 38)",
              packet: StatusPacket(id: 1, error: 0, parameters: [0x06, 0x04, 0x26]),
              frame: bytes("FF FF FD 00 01 07 00 55 00 06 04 26 65 5D")),
        .init(section: "Ping Example 2: ID 2 status",
              packet: StatusPacket(id: 2, error: 0, parameters: [0x06, 0x04, 0x26]),
              frame: bytes("FF FF FD 00 02 07 00 55 00 06 04 26 6F 6D")),
        .init(section: "Read / Sync Read: ID 1 status, Present Position 166",
              packet: StatusPacket(id: 1, error: 0, parameters: [0xA6, 0x00, 0x00, 0x00]),
              frame: bytes("FF FF FD 00 01 08 00 55 00 A6 00 00 00 8C C0")),
        .init(section: "Sync Read: ID 2 status, Present Position 2079",
              packet: StatusPacket(id: 2, error: 0, parameters: [0x1F, 0x08, 0x00, 0x00]),
              frame: bytes("FF FF FD 00 02 08 00 55 00 1F 08 00 00 BA BE")),
        .init(section: "Write, Reg Write, Action, Reboot, Factory Reset, Clear: ID 1 status",
              packet: StatusPacket(id: 1, error: 0, parameters: []),
              frame: bytes("FF FF FD 00 01 04 00 55 00 A1 0C")),
        .init(section: "Bulk Read: ID 1 status, Present Voltage 119",
              packet: StatusPacket(id: 1, error: 0, parameters: [0x77, 0x00]),
              frame: bytes("FF FF FD 00 01 06 00 55 00 77 00 C3 69")),
        .init(section: "Bulk Read: ID 2 status, Present Temperature 36",
              packet: StatusPacket(id: 2, error: 0, parameters: [0x24]),
              frame: bytes("FF FF FD 00 02 05 00 55 00 24 8B A9")),
    ]

    /// "Fast Sync Read (0x8A)": the combined status of IDs 3, 7 and 4 (Present Position 166,
    /// 2079, 1023), printed as three parts; one frame on the wire.
    static let fastSyncReadStatus = bytes(
        "FF FF FD 00 FE 19 00 55 00 03 A6 00 00 00 84 08 00 07 1F 08 00 00 16 CA 00 04 FF 03 00 00 D1 9E")
    static let fastSyncReadReplies = [
        FastSyncReadReply(id: 3, error: 0, data: [0xA6, 0x00, 0x00, 0x00]),
        FastSyncReadReply(id: 7, error: 0, data: [0x1F, 0x08, 0x00, 0x00]),
        FastSyncReadReply(id: 4, error: 0, data: [0xFF, 0x03, 0x00, 0x00]),
    ]
    /// The DYNAMIXEL-Y page's example: IDs 1 and 2, Present Position 2000 and 9.
    static let fastSyncReadStatusY = bytes("FF FF FD 00 FE 11 00 55 00 01 D0 07 00 00 0C 83 00 02 09 00 00 00 11 40")
    static let fastSyncReadRepliesY = [
        FastSyncReadReply(id: 1, error: 0, data: [0xD0, 0x07, 0x00, 0x00]),
        FastSyncReadReply(id: 2, error: 0, data: [0x09, 0x00, 0x00, 0x00]),
    ]
}

/// The examples of Feetech's "Communication Protocol User Manual", section 1.3 (Instruction Types).
enum FeetechManual {
    static let instructions: [InstructionExample] = [
        .init(section: "1.3.1 PING: query ID 1", request: ServoRequest(id: 1, instruction: .ping),
              frame: bytes("FF FF 01 02 01 FB")),
        .init(section: "1.3.2 READ DATA: 2 bytes at 0x38 from ID 1",
              request: ServoRequest(id: 1, instruction: .read(address: 0x38, length: 2)),
              frame: bytes("FF FF 01 04 02 38 02 BE")),
        .init(section: "1.3.3 WRITE DATA Example 1: set ID to 1 (broadcast)",
              request: ServoRequest(id: 0xFE, instruction: .write(address: 0x05, data: [0x01])),
              frame: bytes("FF FF FE 04 03 05 01 F4")),
        .init(section: "1.3.3 WRITE DATA Example 2: position 2048, time 0, speed 1000 to ID 1",
              request: ServoRequest(id: 1, instruction: .write(address: 0x2A, data: bytes("00 08 00 00 E8 03"))),
              frame: bytes("FF FF 01 09 03 2A 00 08 00 00 E8 03 D5")),
        .init(section: "1.3.4 REG WRITE: position 2048, speed 1000 for ID 1",
              request: ServoRequest(id: 1, instruction: .regWrite(address: 0x2A, data: bytes("00 08 00 00 E8 03"))),
              frame: bytes("FF FF 01 09 04 2A 00 08 00 00 E8 03 D4")),
        .init(section: "1.3.5 ACTION (broadcast)", request: ServoRequest(id: 0xFE, instruction: .action),
              frame: bytes("FF FF FE 02 05 FA")),
        .init(section: "1.3.6 SYNC WRITE: position 2048, speed 1000 to IDs 1-4",
              request: .syncWrite(address: 0x2A, items: (1...4).map { SyncWriteItem(id: $0, data: bytes("00 08 00 00 E8 03")) }),
              frame: bytes("FF FF FE 20 83 2A 06 01 00 08 00 00 E8 03 02 00 08 00 00 E8 03 "
                           + "03 00 08 00 00 E8 03 04 00 08 00 00 E8 03 58")),
        .init(section: "1.3.7 SYNC READ: 8 bytes at 0x38 from IDs 1, 2",
              request: .syncRead(address: 0x38, length: 8, ids: [1, 2]),
              frame: bytes("FF FF FE 06 82 38 08 01 02 36")),
    ]

    /// "1.3.8 RESET" has no typed request.
    static let reset = RawInstructionExample(
        section: "1.3.8 RESET ID 1", packet: InstructionPacket(id: 1, instruction: .factoryReset),
        frame: bytes("FF FF 01 02 06 F6"))

    static let statuses: [StatusExample] = [
        .init(section: "1.3.1 PING / 1.3.3 / 1.3.4 / 1.3.8: ID 1 answers without error",
              packet: StatusPacket(id: 1, error: 0, parameters: []), frame: bytes("FF FF 01 02 00 FC")),
        .init(section: "1.3.2 READ DATA: ID 1 position 0x0518",
              packet: StatusPacket(id: 1, error: 0, parameters: [0x18, 0x05]), frame: bytes("FF FF 01 04 00 18 05 DD")),
        .init(section: "1.3.7 SYNC READ: ID 1",
              packet: StatusPacket(id: 1, error: 0, parameters: bytes("00 08 00 00 00 00 79 1E")),
              frame: bytes("FF FF 01 0A 00 00 08 00 00 00 00 79 1E 55")),
        .init(section: "1.3.7 SYNC READ: ID 2",
              packet: StatusPacket(id: 2, error: 0, parameters: bytes("FF 07 00 00 00 00 77 23")),
              frame: bytes("FF FF 02 0A 00 FF 07 00 00 00 00 77 23 53")),
    ]
}
