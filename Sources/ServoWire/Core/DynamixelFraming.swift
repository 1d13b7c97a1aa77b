/// Dynamixel Protocol 2.0 framing on caller-owned memory: the one implementation behind
/// `DynamixelCodec`, `DynamixelByteStuffing`, `PacketDecoder` and `StatusScanner`.
///
/// A frame is `FF FF FD 00`, the ID, a little-endian length (instruction, parameters and CRC,
/// counted after byte stuffing), the instruction (0x55 for a status, followed by the error
/// byte), the stuffed parameters and a little-endian CRC-16 over everything before it
/// (e-Manual, "Protocol 2.0": Instruction Packet, Status Packet, Packet Process). Inside the
/// instruction and parameter fields every `FF FF FD` gets an extra `FD`, so that only real
/// headers read `FF FF FD 00`.
///
/// - Important: Real-time safe: no allocation, no locks, no system calls.
enum DynamixelFraming {
    /// Header, reserved byte, ID and the two length bytes.
    static let prefixLength = 7
    /// The largest length-field value (the field is 16 bits wide).
    static let maximumLengthField = Int(UInt16.max)

    /// Most bytes `frame` writes for a body of `bodyCount` bytes (stuffing adds at most one
    /// byte in three).
    static func capacity(bodyCount: Int) -> Int { prefixLength + bodyCount + bodyCount / 3 + 1 + 2 }

    /// Frames `body` (instruction, or 0x55 and the error byte, then the parameters, unstuffed)
    /// for `id` into `out`, which holds `capacity(bodyCount:)` bytes; returns the frame's length.
    /// `stuffed` false leaves the body as it is (the combined fast-sync-read status).
    @inline(__always)
    static func frame(id: UInt8, body: UnsafeBufferPointer<UInt8>, stuffed: Bool,
                      into out: UnsafeMutablePointer<UInt8>) -> Int {
        out[0] = 0xFF
        out[1] = 0xFF
        out[2] = 0xFD
        out[3] = 0x00
        out[4] = id
        var count = body.count
        if stuffed {
            count = stuff(body, into: out + prefixLength)
        } else {
            for index in 0..<body.count { out[prefixLength + index] = body[index] }
        }
        let lengthField = count + 2
        out[5] = UInt8(truncatingIfNeeded: lengthField)
        out[6] = UInt8(truncatingIfNeeded: lengthField >> 8)
        let end = prefixLength + count
        let crc = DynamixelCRC.checksum(UnsafeBufferPointer(start: out, count: end))
        out[end] = UInt8(truncatingIfNeeded: crc)
        out[end + 1] = UInt8(truncatingIfNeeded: crc >> 8)
        return end + 2
    }

    /// Copies `bytes` to `out` with `FD` inserted after every `FF FF FD`; returns the count
    /// written (at most `bytes.count + bytes.count / 3`).
    @inline(__always)
    static func stuff(_ bytes: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>) -> Int {
        var count = 0
        var trailingFF = 0
        for byte in bytes {
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
        return count
    }

    /// Removes, in place, the `FD` after every `FF FF FD` in the `count` bytes at `bytes`;
    /// returns the new count (unstuffing only shrinks).
    @inline(__always)
    static func unstuff(_ bytes: UnsafeMutablePointer<UInt8>, count: Int) -> Int {
        var write = 0, trailingFF = 0, dropNextFD = false
        for read in 0..<count {
            let byte = bytes[read]
            if dropNextFD {
                dropNextFD = false
                if byte == 0xFD {
                    trailingFF = 0
                    continue
                }
            }
            bytes[write] = byte
            write += 1
            if byte == 0xFD && trailingFF >= 2 {
                dropNextFD = true
                trailingFF = 0
            } else {
                trailingFF = byte == 0xFF ? trailingFF + 1 : 0
            }
        }
        return write
    }

    /// What `bytes`, which start at a candidate frame, say about a frame beginning there.
    static func header(_ bytes: UnsafeBufferPointer<UInt8>, maximumFrameLength: Int) -> FrameHeader {
        let fixed: (UInt8, UInt8, UInt8, UInt8) = (0xFF, 0xFF, 0xFD, 0x00)
        for offset in 0..<prefixLength {
            guard offset < bytes.count else { return .needMoreBytes }
            let byte = bytes[offset]
            switch offset {
            case 0: if byte != fixed.0 { return .none }
            case 1: if byte != fixed.1 { return .none }
            case 2: if byte != fixed.2 { return .none }
            case 3: if byte != fixed.3 { return .none }
            case 4:
                // 0xFD and 0xFF are never IDs: they would read as header bytes.
                if byte == 0xFD || byte == 0xFF { return .none }
            default:
                break
            }
        }
        let lengthField = Int(bytes[5]) | Int(bytes[6]) << 8
        let total = prefixLength + lengthField
        guard lengthField >= 3, total <= maximumFrameLength else { return .none }
        return .frame(length: total)
    }

    /// The CRC error of one complete frame, nil when it is intact.
    static func checksumError(_ frame: UnsafeBufferPointer<UInt8>) -> WireError? {
        let crcIndex = frame.count - 2
        let expected = DynamixelCRC.checksum(UnsafeBufferPointer(rebasing: frame[0..<crcIndex]))
        let got = UInt16(frame[crcIndex]) | UInt16(frame[crcIndex + 1]) << 8
        return expected == got ? nil : .badChecksum(expected: expected, got: got)
    }

    /// Unstuffs one complete, checked frame in place (except a status from the broadcast ID,
    /// which the e-Manual sends unstuffed) and says where its fields are; nil for a status
    /// without its error byte.
    static func fields(_ frame: UnsafeMutableBufferPointer<UInt8>) -> FrameFields? {
        let id = frame[4], code = frame[prefixLength]
        let isStatus = code == Instruction.status.rawValue
        var end = frame.count - 2
        if !(isStatus && id == ServoRequest.broadcastID) {
            end = prefixLength + unstuff(frame.baseAddress! + prefixLength, count: end - prefixLength)
        }
        guard isStatus else { return FrameFields(id: id, code: code, parameters: (prefixLength + 1)..<end) }
        guard end >= prefixLength + 2 else { return nil }
        return FrameFields(id: id, code: code, error: frame[prefixLength + 1], parameters: (prefixLength + 2)..<end)
    }
}
