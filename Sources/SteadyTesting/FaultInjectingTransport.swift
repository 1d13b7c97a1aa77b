import ServoBus
import SteadyCore

/// Wraps a transport and damages what it reads, deterministically: each read returns at most
/// `maximumReadBytes` (about one reply frame) and has one bit flipped with probability
/// `corruptRate`, or is swallowed with probability `dropRate` (the twin's fault injection, for
/// in-process tests). Every frame written is kept in `written`.
public final class FaultInjectingTransport: SerialTransport {
    public let inner: SerialTransport
    public var corruptRate: Double
    public var dropRate: Double
    /// Reads damaged so far.
    public private(set) var corrupted = 0
    /// Reads swallowed so far.
    public private(set) var dropped = 0
    /// Largest read, bytes.
    public var maximumReadBytes: Int
    /// Every frame written, in order.
    public private(set) var written: [[UInt8]] = []
    private var random: SeededGenerator

    public init(wrapping inner: SerialTransport, corruptRate: Double = 0, dropRate: Double = 0, seed: UInt64 = 1,
                maximumReadBytes: Int = 22) {
        self.inner = inner
        self.maximumReadBytes = maximumReadBytes
        self.corruptRate = corruptRate
        self.dropRate = dropRate
        random = SeededGenerator(seed: seed)
    }

    public var portName: String { inner.portName }
    public var baudRate: Int { inner.baudRate }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        written.append(Array(bytes))
        try inner.write(bytes)
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer, deadlineNanoseconds: UInt64) throws -> Int {
        let limited = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<min(buffer.count, maximumReadBytes)])
        let count = try inner.read(into: limited, deadlineNanoseconds: deadlineNanoseconds)
        guard count > 0 else { return 0 }
        if dropRate > 0, random.nextUnit() < dropRate {
            dropped += 1
            return 0
        }
        if corruptRate > 0, random.nextUnit() < corruptRate {
            let index = Int(random.next() % UInt64(count))
            buffer[index] ^= UInt8(1) << UInt8(random.next() % 8)
            corrupted += 1
        }
        return count
    }

    public func discardInput() throws { try inner.discardInput() }
}
