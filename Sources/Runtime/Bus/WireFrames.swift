import ServoWire
import SteadyCore

/// Allocation-free framing of instruction packets into caller-owned buffers, byte for byte what
/// `FeetechCodec` and `DynamixelCodec` produce (the tests check it).
///
/// - Important: Real-time safe: no allocation, no locks, no system calls.
enum WireFrames {
    /// Most bytes `frame` writes for a body of `bodyCount` bytes (instruction + parameters).
    static func capacity(bodyCount: Int, protocolKind: ServoProtocolKind) -> Int {
        switch protocolKind {
        case .feetech: return bodyCount + 5
        case .dynamixel: return 7 + bodyCount + bodyCount / 3 + 1 + 2
        }
    }

    /// Frames `body` (instruction code followed by the parameters, unstuffed) for `id` into
    /// `out`; returns the frame's length. `out` must hold `capacity(bodyCount:protocolKind:)`.
    static func frame(id: UInt8, body: UnsafeBufferPointer<UInt8>, protocolKind: ServoProtocolKind,
                      into out: UnsafeMutablePointer<UInt8>) -> Int {
        switch protocolKind {
        case .feetech:
            out[0] = 0xFF
            out[1] = 0xFF
            out[2] = id
            out[3] = UInt8(truncatingIfNeeded: body.count + 1)   // parameters + 2 = body + 1
            var sum = out[2] &+ out[3]
            for index in 0..<body.count {
                out[4 + index] = body[index]
                sum &+= body[index]
            }
            out[4 + body.count] = ~sum
            return 5 + body.count
        case .dynamixel:
            out[0] = 0xFF
            out[1] = 0xFF
            out[2] = 0xFD
            out[3] = 0x00
            out[4] = id
            var count = 7
            var trailingFF = 0
            for index in 0..<body.count {
                let byte = body[index]
                out[count] = byte
                count += 1
                if byte == 0xFD && trailingFF >= 2 {
                    out[count] = 0xFD
                    count += 1
                    trailingFF = 0
                } else {
                    trailingFF = byte == 0xFF ? trailingFF + 1 : 0
                }
            }
            let lengthField = count - 7 + 2
            out[5] = UInt8(truncatingIfNeeded: lengthField)
            out[6] = UInt8(truncatingIfNeeded: lengthField >> 8)
            let crc = crc16(UnsafeBufferPointer(start: out, count: count))
            out[count] = UInt8(truncatingIfNeeded: crc)
            out[count + 1] = UInt8(truncatingIfNeeded: crc >> 8)
            return count + 2
        }
    }

    /// Dynamixel's CRC-16 over `bytes` (ServoWire's table; no allocation).
    @inline(__always)
    static func crc16(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt16 {
        DynamixelCRC.update(0, with: bytes)
    }
}

/// One status frame found by `StatusScanner`: its sender, error byte and parameters (a view
/// into the scanner's buffer, valid until the next `feed` or `reset`).
struct ScannedStatus {
    var id: UInt8
    var error: UInt8
    var parameters: UnsafeMutablePointer<UInt8>
    var parameterCount: Int
}

/// What `StatusScanner.next()` found.
enum ScanResult {
    /// A status frame with a valid checksum.
    case status(ScannedStatus)
    /// A frame whose checksum failed.
    case corrupt
    /// No complete frame in the buffer yet.
    case needMore
}

/// Splits received bytes into status frames without allocating: bytes are appended to a fixed
/// buffer, frames are checked in place, Dynamixel parameters are unstuffed in place.
///
/// - Important: Real-time safe once created. Not thread-safe.
final class StatusScanner {
    let protocolKind: ServoProtocolKind
    /// Receive buffer.
    let buffer: UnsafeMutableBufferPointer<UInt8>
    private var start = 0
    private var end = 0

    init(protocolKind: ServoProtocolKind, capacity: Int = 8192) {
        self.protocolKind = protocolKind
        buffer = .allocate(capacity: capacity)
        buffer.initialize(repeating: 0)
    }

    deinit { buffer.deallocate() }

    /// Forgets buffered bytes.
    func reset() {
        start = 0
        end = 0
    }

    /// Room for the next read, after compacting consumed bytes away.
    func freeSpace() -> UnsafeMutableRawBufferPointer {
        if start > 0 {
            let remaining = end - start
            if remaining > 0 {
                (buffer.baseAddress! + 0).update(from: buffer.baseAddress! + start, count: remaining)
            }
            start = 0
            end = remaining
        }
        if end == buffer.count { reset() }   // a full buffer of garbage: drop it
        return UnsafeMutableRawBufferPointer(start: buffer.baseAddress! + end, count: buffer.count - end)
    }

    /// Records that `count` bytes were read into `freeSpace()`.
    func didRead(_ count: Int) { end += count }

    /// The next frame in the buffer.
    func next() -> ScanResult {
        let base = buffer.baseAddress!
        while end - start >= 4 {
            let p = base + start
            switch protocolKind {
            case .feetech:
                guard p[0] == 0xFF, p[1] == 0xFF, p[2] != 0xFF, p[3] >= 2 else { start += 1; continue }
                let total = 4 + Int(p[3])
                guard end - start >= total else { return .needMore }
                var sum: UInt8 = 0
                for index in 2..<(total - 1) { sum &+= p[index] }
                guard ~sum == p[total - 1] else { start += 1; return .corrupt }
                start += total
                return .status(ScannedStatus(id: p[2], error: p[4], parameters: p + 5, parameterCount: total - 6))
            case .dynamixel:
                guard end - start >= 7 else { return .needMore }
                guard p[0] == 0xFF, p[1] == 0xFF, p[2] == 0xFD, p[3] == 0x00, p[4] != 0xFD, p[4] != 0xFF else {
                    start += 1; continue
                }
                let lengthField = Int(p[5]) | Int(p[6]) << 8
                let total = 7 + lengthField
                guard lengthField >= 4, total <= buffer.count else { start += 1; continue }
                guard end - start >= total else { return .needMore }
                let crc = WireFrames.crc16(UnsafeBufferPointer(start: p, count: total - 2))
                guard crc == UInt16(p[total - 2]) | UInt16(p[total - 1]) << 8 else { start += 1; return .corrupt }
                start += total
                guard p[7] == 0x55 else { continue }   // an instruction echoed on the line: not ours
                // Unstuff instruction, error and parameters in place (unstuffing only shrinks).
                var write = 7, trailingFF = 0, dropNextFD = false
                for read in 7..<(total - 2) {
                    let byte = p[read]
                    if dropNextFD {
                        dropNextFD = false
                        if byte == 0xFD { trailingFF = 0; continue }
                    }
                    p[write] = byte
                    write += 1
                    if byte == 0xFD && trailingFF >= 2 {
                        dropNextFD = true
                        trailingFF = 0
                    } else {
                        trailingFF = byte == 0xFF ? trailingFF + 1 : 0
                    }
                }
                guard write >= 9 else { return .corrupt }
                return .status(ScannedStatus(id: p[4], error: p[8], parameters: p + 9, parameterCount: write - 9))
            }
        }
        return .needMore
    }
}
