/// Bytes waiting to be read by a test transport, handed out in order.
struct ByteQueue {
    private var bytes: [UInt8] = []

    mutating func append(_ more: [UInt8]) { bytes += more }

    mutating func removeAll() { bytes.removeAll() }

    /// Moves as many bytes as fit into `buffer`; returns the count (0 = nothing waiting).
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let count = min(buffer.count, bytes.count)
        for index in 0..<count { buffer[index] = bytes[index] }
        bytes.removeFirst(count)
        return count
    }
}
