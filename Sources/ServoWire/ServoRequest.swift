/// A decoded request: which servo, and what it is asked to do, with typed parameters.
public struct ServoRequest: Equatable, Sendable {
    /// The broadcast ID: every servo executes the instruction; only some instructions get replies.
    public static let broadcastID: UInt8 = 0xFE

    /// The target ID (`broadcastID` for the multi-servo instructions).
    public var id: UInt8
    /// The instruction and its parameters.
    public var instruction: ServoInstruction

    /// Creates a request.
    public init(id: UInt8, instruction: ServoInstruction) {
        self.id = id
        self.instruction = instruction
    }
}

extension ServoRequest {
    /// A sync read of `length` bytes at `address` from every servo in `ids`, sent to the broadcast ID.
    public static func syncRead(address: UInt16, length: UInt16, ids: [UInt8]) -> ServoRequest {
        ServoRequest(id: broadcastID, instruction: .syncRead(address: address, length: length, ids: ids))
    }

    /// A fast sync read (Dynamixel only), sent to the broadcast ID.
    public static func fastSyncRead(address: UInt16, length: UInt16, ids: [UInt8]) -> ServoRequest {
        ServoRequest(id: broadcastID, instruction: .fastSyncRead(address: address, length: length, ids: ids))
    }

    /// A sync write of the same span to several servos, sent to the broadcast ID.
    ///
    /// `length` is taken from the first item; `ServoCodec.packet(for:)` rejects items of other lengths.
    public static func syncWrite(address: UInt16, items: [SyncWriteItem]) -> ServoRequest {
        let length = UInt16(clamping: items.first?.data.count ?? 0)
        return ServoRequest(id: broadcastID, instruction: .syncWrite(address: address, length: length, items: items))
    }

    /// A bulk read (Dynamixel only), sent to the broadcast ID.
    public static func bulkRead(_ items: [BulkReadItem]) -> ServoRequest {
        ServoRequest(id: broadcastID, instruction: .bulkRead(items))
    }

    /// A bulk write (Dynamixel only), sent to the broadcast ID.
    public static func bulkWrite(_ items: [BulkWriteItem]) -> ServoRequest {
        ServoRequest(id: broadcastID, instruction: .bulkWrite(items))
    }
}
