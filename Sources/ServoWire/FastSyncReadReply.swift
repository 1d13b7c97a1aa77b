/// One servo's part of the combined status that answers a fast sync read.
public struct FastSyncReadReply: Equatable, Sendable {
    /// The answering servo's ID.
    public var id: UInt8
    /// Its error byte (see `DynamixelStatusError`).
    public var error: UInt8
    /// The bytes it read.
    public var data: [UInt8]

    /// Creates a reply.
    public init(id: UInt8, error: UInt8 = 0, data: [UInt8]) {
        self.id = id
        self.error = error
        self.data = data
    }
}
