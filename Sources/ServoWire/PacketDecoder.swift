import SteadyCore

/// A streaming frame decoder: feed it bytes in chunks of any size, pull complete frames.
///
/// It finds frames in a stream that may hold garbage and may be split anywhere, and gives the
/// same frames however the stream is chunked. Bytes that cannot start a frame are skipped
/// silently. A frame with a bad checksum is reported as `.corrupt` and the search resumes one
/// byte after its header, so a good frame hidden behind a false header is still found.
///
/// A false header inside garbage may declare a length that reaches past a good frame that
/// follows it. Rather than wait for bytes that may never come, the decoder drops such a header
/// as soon as a complete, valid frame has been seen to start and end inside its declared span
/// (reporting `.corrupt(.interruptedFrame)`), and resumes at that frame. Of several such
/// frames it takes the one that ends first, which both an all-at-once and a byte-by-byte feed
/// see first, so the output does not depend on chunking.
///
/// - Important: `feed` appends to an internal buffer that keeps its capacity; `nextFrame`
///   allocates for the frames it checks (their parameter arrays), not per byte.
public struct PacketDecoder: Sendable {
    /// The protocol whose frames are decoded.
    public let protocolKind: ServoProtocolKind
    /// Which way the frames travel; decides instruction versus status for Feetech frames only.
    public let direction: PacketDirection
    /// Byte order of Feetech register values (not used for framing).
    public let feetechEndianness: FeetechEndianness
    /// Headers declaring longer frames than this are treated as noise.
    public var maximumFrameLength: Int

    private var buffer: [UInt8] = []
    /// Index in `buffer` of the first byte not yet consumed.
    private var start = 0

    /// Creates a decoder for one direction of one protocol's traffic.
    public init(protocolKind: ServoProtocolKind, direction: PacketDirection,
                feetechEndianness: FeetechEndianness = .little) {
        self.protocolKind = protocolKind
        self.direction = direction
        self.feetechEndianness = feetechEndianness
        switch protocolKind {
        case .dynamixel: maximumFrameLength = 4096
        case .feetech: maximumFrameLength = 4 + 255
        }
    }

    /// The number of bytes fed but not yet consumed by a returned frame or skipped as garbage.
    public var bufferedByteCount: Int { buffer.count - start }

    /// Appends bytes to the stream.
    public mutating func feed<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        } else if start >= 1024 && start * 2 >= buffer.count {
            buffer.removeFirst(start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// Forgets every buffered byte.
    public mutating func reset() {
        buffer.removeAll(keepingCapacity: true)
        start = 0
    }

    /// The next complete frame, or `nil` when more bytes are needed.
    public mutating func nextFrame() -> DecodedFrame? {
        var position = start
        defer { start = position }
        return buffer.withUnsafeBufferPointer { bytes in
            while position < bytes.count {
                guard let candidate = bytes[position...].firstIndex(of: 0xFF) else {
                    position = bytes.count
                    return nil
                }
                position = candidate
                switch header(in: bytes, at: candidate) {
                case .none:
                    position = candidate + 1
                case .needMoreBytes:
                    return nil
                case let .frame(length):
                    let end = candidate + length
                    let searchEnd = min(end, bytes.count)
                    if let inner = firstEndingValidFrame(in: bytes, after: candidate, before: searchEnd) {
                        position = inner
                        return .corrupt(.interruptedFrame(byteCount: inner - candidate))
                    }
                    guard end <= bytes.count else { return nil }
                    switch decode(UnsafeBufferPointer(rebasing: bytes[candidate..<end])) {
                    case let .success(frame):
                        position = end
                        return frame
                    case let .failure(error):
                        position = candidate + 1
                        return .corrupt(error)
                    }
                }
            }
            return nil
        }
    }

    /// The start of the valid frame that lies wholly inside `(after, before)` and ends first, if any.
    private func firstEndingValidFrame(in bytes: UnsafeBufferPointer<UInt8>, after outer: Int, before limit: Int) -> Int? {
        var best: (start: Int, end: Int)?
        var index = outer + 1
        while index < limit, let next = bytes[index..<limit].firstIndex(of: 0xFF) {
            index = next + 1
            guard case let .frame(length) = header(in: bytes, at: next) else { continue }
            let end = next + length
            guard end <= limit, end < (best?.end ?? Int.max) else { continue }
            if case .success = decode(UnsafeBufferPointer(rebasing: bytes[next..<end])) {
                best = (next, end)
            }
        }
        return best?.start
    }

    private func header(in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> FrameHeader {
        WireFrames.header(UnsafeBufferPointer(rebasing: bytes[index...]), protocolKind: protocolKind,
                          maximumFrameLength: maximumFrameLength)
    }

    /// Checks one complete frame with the protocol's framing core and copies it into a packet.
    private func decode(_ frame: UnsafeBufferPointer<UInt8>) -> Result<DecodedFrame, WireError> {
        if let error = WireFrames.checksumError(frame, protocolKind: protocolKind) { return .failure(error) }
        var bytes = Array(frame)
        guard let fields = bytes.withUnsafeMutableBufferPointer({ WireFrames.fields($0, protocolKind: protocolKind) }) else {
            return .failure(.badLength)
        }
        let parameters = Array(bytes[fields.parameters])
        switch protocolKind {
        case .feetech where direction == .statuses:
            return .success(.status(StatusPacket(id: fields.id, error: fields.code, parameters: parameters)))
        case .dynamixel where fields.code == Instruction.status.rawValue:
            return .success(.status(StatusPacket(id: fields.id, error: fields.error, parameters: parameters)))
        case .feetech, .dynamixel:
            return .success(.instruction(InstructionPacket(id: fields.id, instruction: fields.code, parameters: parameters)))
        }
    }
}
