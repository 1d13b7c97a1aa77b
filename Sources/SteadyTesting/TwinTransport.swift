import ServoBus
import ServoWire
import SteadyCore

/// A transport wired straight to an in-process `ServoTwin`: no pseudo-terminal, no threads.
///
/// Every written frame is answered at once; the plant advances only when the test calls
/// `twin.advance(seconds:)`, so tests are deterministic.
public final class TwinTransport: SerialTransport {
    public let twin: ServoTwin
    public let portName: String
    public var baudRate: Int { twin.robot.baudRate }
    private var decoder: PacketDecoder
    private var pending = ByteQueue()
    /// When set, the twin is considered dead: reads and writes throw `vanished`.
    public var isDead = false

    public init(twin: ServoTwin, portName: String = "/dev/twin") {
        self.twin = twin
        self.portName = portName
        decoder = PacketDecoder(protocolKind: twin.robot.protocolKind, direction: .instructions)
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        if isDead { throw SerialPortError.vanished(port: portName) }
        decoder.feed(bytes)
        while let frame = decoder.nextFrame() {
            if case let .instruction(packet) = frame {
                for reply in twin.respond(to: packet) { pending.append(reply) }
            }
        }
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer, deadlineNanoseconds: UInt64) throws -> Int {
        if isDead { throw SerialPortError.vanished(port: portName) }
        return pending.read(into: buffer)
    }

    public func discardInput() throws {
        pending.removeAll()
    }
}
