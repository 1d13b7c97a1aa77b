import SteadyCore

/// Splits received bytes into status frames without allocating: bytes are appended to a fixed
/// buffer, frames are found and checked in place by the protocol's framing core, Dynamixel
/// parameters are unstuffed in place.
///
/// Unlike `PacketDecoder` it reports only statuses, and does not look for a valid frame
/// hidden inside a false header's span: the control tick's bus sends a request and waits for
/// its replies, so a false header only delays them to the next attempt.
///
/// - Important: Real-time safe once created. Not thread-safe.
public final class StatusScanner {
    /// The protocol whose statuses are scanned.
    public let protocolKind: ServoProtocolKind
    /// Receive buffer.
    private let buffer: JointBuffer<UInt8>
    private var start = 0
    private var end = 0

    /// Creates a scanner with a receive buffer of `capacity` bytes.
    public init(protocolKind: ServoProtocolKind, capacity: Int = 8192) {
        self.protocolKind = protocolKind
        buffer = JointBuffer(count: capacity, repeating: 0)
    }

    /// Forgets buffered bytes.
    public func reset() {
        start = 0
        end = 0
    }

    /// Room for the next read, after compacting consumed bytes away.
    public func freeSpace() -> UnsafeMutableRawBufferPointer {
        let base = buffer.mutablePointer.baseAddress!
        if start > 0 {
            let remaining = end - start
            if remaining > 0 { base.update(from: base + start, count: remaining) }
            start = 0
            end = remaining
        }
        if end == buffer.count { reset() }   // a full buffer of garbage: drop it
        return UnsafeMutableRawBufferPointer(start: base + end, count: buffer.count - end)
    }

    /// Records that `count` bytes were read into `freeSpace()`.
    public func didRead(_ count: Int) { end += count }

    /// The next frame in the buffer.
    public func next() -> ScanResult {
        let base = buffer.mutablePointer.baseAddress!
        while start < end {
            let p = base + start
            let header = WireFrames.header(UnsafeBufferPointer(start: p, count: end - start), protocolKind: protocolKind,
                                           maximumFrameLength: buffer.count)
            guard case let .frame(total) = header else {
                if header == .needMoreBytes { return .needMore }
                start += 1
                continue
            }
            // A Dynamixel status holds at least the instruction, the error byte and the CRC.
            guard protocolKind == .feetech || total >= DynamixelFraming.prefixLength + 4 else { start += 1; continue }
            guard end - start >= total else { return .needMore }
            let frame = UnsafeMutableBufferPointer(start: p, count: total)
            if WireFrames.checksumError(UnsafeBufferPointer(frame), protocolKind: protocolKind) != nil {
                start += 1
                return .corrupt
            }
            start += total
            guard let fields = WireFrames.fields(frame, protocolKind: protocolKind) else { return .corrupt }
            switch protocolKind {
            case .feetech:
                return .status(ScannedStatus(id: fields.id, error: fields.code, parameters: p + fields.parameters.lowerBound,
                                             parameterCount: fields.parameters.count))
            case .dynamixel:
                // An instruction echoed on the line is not ours.
                guard fields.code == Instruction.status.rawValue else { continue }
                return .status(ScannedStatus(id: fields.id, error: fields.error, parameters: p + fields.parameters.lowerBound,
                                             parameterCount: fields.parameters.count))
            }
        }
        return .needMore
    }
}
