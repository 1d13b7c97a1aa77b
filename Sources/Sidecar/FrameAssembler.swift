/// Cuts a byte stream into frames: append what the socket delivered, then take whole
/// messages out one by one.
///
/// It holds at most one frame plus one read's worth of bytes: the header is checked (length
/// within bounds, version, type, reserved) before the rest of a frame is waited for, so an
/// oversized or garbage length is refused after 8 bytes, never buffered.
public struct FrameAssembler {
    /// The largest `length` accepted; smaller than 64 MiB on a learner that knows its batches.
    public let maximumLength: Int
    private var buffer: [UInt8] = []
    private var start = 0

    /// Creates an assembler refusing frames longer than `maximumLength`.
    public init(maximumLength: Int = SidecarProtocol.maximumLength) {
        self.maximumLength = maximumLength
    }

    /// Bytes held that are not yet part of a returned message.
    public var bufferedCount: Int { buffer.count - start }

    /// Appends received bytes.
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        if start > 0 && start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// Appends received bytes.
    public mutating func append(_ bytes: [UInt8]) { bytes.withUnsafeBytes { append($0) } }

    /// The next whole message, nil while its bytes have not all arrived.
    /// - Throws: `SidecarProtocolError`; the stream is unusable afterwards (close it).
    public mutating func next() throws -> SidecarMessage? {
        let available = buffer.count - start
        let message: SidecarMessage? = try buffer.withUnsafeBytes { raw in
            let rest = UnsafeRawBufferPointer(rebasing: raw[start...])
            guard let size = try FrameCodec.frameLength(rest, maximumLength: maximumLength), size <= available else { return nil }
            defer { start += size }
            return try FrameCodec.decode(UnsafeRawBufferPointer(rebasing: rest[..<size]), maximumLength: maximumLength)
        }
        if start > 0 && (start == buffer.count || start > 1 << 16) {
            buffer.removeSubrange(0..<start)
            start = 0
        }
        return message
    }

    /// Call when the peer closed: throws if it closed inside a frame.
    public func finish() throws {
        let available = buffer.count - start
        guard available > 0 else { return }
        let expected = buffer.withUnsafeBytes { raw -> Int in
            (try? FrameCodec.frameLength(UnsafeRawBufferPointer(rebasing: raw[start...]), maximumLength: maximumLength)).flatMap { $0 }
                ?? SidecarProtocol.headerSize
        }
        throw SidecarProtocolError.closedMidFrame(received: available, expected: expected)
    }
}
