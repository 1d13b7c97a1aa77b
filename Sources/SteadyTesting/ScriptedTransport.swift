import ServoBus
import SteadyCore

/// A serial transport whose replies are scripted, swift-nio `EmbeddedChannel` style.
///
/// Each write consumes the next scripted reply: `.bytes` become readable, `.timeout` leaves the
/// line silent, `.corrupt` delivers the bytes with the last one flipped (a bad checksum).
public final class ScriptedTransport: SerialTransport {
    /// What the line does after one write.
    public enum Reply: Equatable {
        case bytes([UInt8])
        case timeout
        case corrupt([UInt8])
        /// The device disappears: reads throw `SerialPortError.vanished`.
        case vanish
    }

    public let portName: String
    public let baudRate: Int
    /// Replies still to come, in order.
    public var script: [Reply]
    /// Every frame written, in order.
    public private(set) var written: [[UInt8]] = []
    private var pending = ByteQueue()
    private var vanished = false

    public init(portName: String = "/dev/scripted", baudRate: Int = 1_000_000, script: [Reply] = []) {
        self.portName = portName
        self.baudRate = baudRate
        self.script = script
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        if vanished { throw SerialPortError.vanished(port: portName) }
        written.append(Array(bytes))
        guard !script.isEmpty else { return }
        switch script.removeFirst() {
        case let .bytes(reply): pending.append(reply)
        case .timeout: break
        case let .corrupt(reply):
            var bad = reply
            if !bad.isEmpty { bad[bad.count - 1] ^= 0xFF }
            pending.append(bad)
        case .vanish: vanished = true
        }
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer, deadlineNanoseconds: UInt64) throws -> Int {
        if vanished { throw SerialPortError.vanished(port: portName) }
        return pending.read(into: buffer)
    }

    public func discardInput() throws {
        if vanished { throw SerialPortError.vanished(port: portName) }
        pending.removeAll()
    }
}
