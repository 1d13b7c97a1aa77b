/// A request's instruction with typed parameters.
///
/// Addresses and lengths are `UInt16` because Dynamixel uses two bytes; Feetech codecs refuse
/// values above 255.
public enum ServoInstruction: Equatable, Sendable {
    case ping
    case read(address: UInt16, length: UInt16)
    case write(address: UInt16, data: [UInt8])
    case regWrite(address: UInt16, data: [UInt8])
    case action
    case reboot
    case syncRead(address: UInt16, length: UInt16, ids: [UInt8])
    /// Dynamixel only: like `syncRead`, but all servos answer in one combined status packet
    /// (see `DynamixelCodec.fastSyncReadReplies(from:dataLength:)`).
    case fastSyncRead(address: UInt16, length: UInt16, ids: [UInt8])
    case syncWrite(address: UInt16, length: UInt16, items: [SyncWriteItem])
    case bulkRead([BulkReadItem])
    case bulkWrite([BulkWriteItem])

    /// The instruction byte this case is sent with.
    public var code: Instruction {
        switch self {
        case .ping: return .ping
        case .read: return .read
        case .write: return .write
        case .regWrite: return .regWrite
        case .action: return .action
        case .reboot: return .reboot
        case .syncRead: return .syncRead
        case .fastSyncRead: return .fastSyncRead
        case .syncWrite: return .syncWrite
        case .bulkRead: return .bulkRead
        case .bulkWrite: return .bulkWrite
        }
    }
}

/// One servo's share of a sync write: its ID and exactly `length` data bytes.
public struct SyncWriteItem: Equatable, Sendable {
    public var id: UInt8
    public var data: [UInt8]

    /// Creates an item.
    public init(id: UInt8, data: [UInt8]) {
        self.id = id
        self.data = data
    }
}

/// One servo's share of a bulk read: its ID and the span to read.
public struct BulkReadItem: Equatable, Sendable {
    public var id: UInt8
    public var address: UInt16
    public var length: UInt16

    /// Creates an item.
    public init(id: UInt8, address: UInt16, length: UInt16) {
        self.id = id
        self.address = address
        self.length = length
    }
}

/// One servo's share of a bulk write: its ID, the start address and the bytes to write there.
public struct BulkWriteItem: Equatable, Sendable {
    public var id: UInt8
    public var address: UInt16
    public var data: [UInt8]

    /// Creates an item.
    public init(id: UInt8, address: UInt16, data: [UInt8]) {
        self.id = id
        self.address = address
        self.data = data
    }
}
