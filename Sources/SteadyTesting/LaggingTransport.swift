import ServoBus
import SteadyCore

/// Wraps a transport and delivers each request's replies only after `lag` further requests
/// have been written: a bus whose replies arrive `lag` ticks late, in order, deterministically
/// (no clock). `lag` may change between requests; lowering it releases what is due.
public final class LaggingTransport: SerialTransport {
    public let inner: SerialTransport
    /// Requests that must follow a request before its replies arrive.
    public var lag: Int
    private var batches: [[UInt8]] = []
    private var pending = ByteQueue()

    public init(wrapping inner: SerialTransport, lag: Int) {
        self.inner = inner
        self.lag = lag
    }

    public var portName: String { inner.portName }
    public var baudRate: Int { inner.baudRate }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        try inner.write(bytes)
        var batch: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = try chunk.withUnsafeMutableBytes { try inner.read(into: $0, deadlineNanoseconds: 0) }
            if count == 0 { break }
            batch += chunk[0..<count]
        }
        batches.append(batch)
        while batches.count > lag { pending.append(batches.removeFirst()) }
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer, deadlineNanoseconds: UInt64) throws -> Int {
        pending.read(into: buffer)
    }

    public func discardInput() throws { pending.removeAll() }
}
