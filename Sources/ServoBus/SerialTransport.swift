import SteadyCore

/// A byte pipe to a servo bus: what `PacketBus` needs from a serial port.
///
/// The real implementation is `SerialPort` (libserialport); tests use a scripted transport
/// from `SteadyTesting` whose replies can be bytes, silence or corrupt data.
public protocol SerialTransport: AnyObject {
    /// The port's path (for error messages).
    var portName: String { get }
    /// Line speed in bits per second (8N1: 10 bits per byte).
    var baudRate: Int { get }
    /// Writes every byte or throws.
    func write(_ bytes: UnsafeRawBufferPointer) throws
    /// Reads whatever arrives before `deadlineNanoseconds` (monotonic), at most `buffer.count` bytes.
    /// Returns as soon as at least one byte is available; returns 0 when the deadline passes first.
    func read(into buffer: UnsafeMutableRawBufferPointer, deadlineNanoseconds: UInt64) throws -> Int
    /// Discards bytes received but not yet read (stale replies after a timeout).
    func discardInput() throws
}

extension SerialTransport {
    /// Writes an array of bytes.
    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }
}
