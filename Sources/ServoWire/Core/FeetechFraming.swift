/// Feetech SCS/STS (FT-SCS) framing on caller-owned memory: the one implementation behind
/// `FeetechCodec`, `PacketDecoder` and `StatusScanner`.
///
/// A frame is `FF FF`, the ID, a length byte (parameters + 2), the instruction (or, in a status,
/// the error byte), the parameters and a checksum `~(ID + length + code + parameters)` truncated
/// to one byte (Feetech "Communication Protocol User Manual", 1.1 and 1.2). No byte stuffing.
///
/// - Important: Real-time safe: no allocation, no locks, no system calls.
enum FeetechFraming {
    /// The most parameter bytes one frame can carry (the length byte holds parameters + 2).
    static let maximumParameterCount = 253

    /// The one-byte checksum: the bitwise complement of the low byte of the sum of `bytes`.
    @inline(__always)
    static func checksum<C: Collection>(_ bytes: C) -> UInt8 where C.Element == UInt8 {
        var sum: UInt8 = 0
        for byte in bytes { sum &+= byte }
        return ~sum
    }

    /// Frames `body` (the instruction or error byte, then the parameters) for `id` into `out`,
    /// which holds at least `body.count + 5` bytes; returns the frame's length.
    @inline(__always)
    static func frame(id: UInt8, body: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>) -> Int {
        out[0] = 0xFF
        out[1] = 0xFF
        out[2] = id
        out[3] = UInt8(truncatingIfNeeded: body.count + 1)   // parameters + 2 = body + 1
        for index in 0..<body.count { out[4 + index] = body[index] }
        out[4 + body.count] = checksum(UnsafeBufferPointer(start: out + 2, count: body.count + 2))
        return 5 + body.count
    }

    /// What `bytes`, which start at a candidate frame, say about a frame beginning there.
    static func header(_ bytes: UnsafeBufferPointer<UInt8>, maximumFrameLength: Int) -> FrameHeader {
        for offset in 0..<4 {
            guard offset < bytes.count else { return .needMoreBytes }
            let byte = bytes[offset]
            switch offset {
            case 0, 1:
                if byte != 0xFF { return .none }
            case 2:
                // 0xFF is never an ID: in `FF FF FF ..` the frame starts one byte later.
                if byte == 0xFF { return .none }
            default:
                if byte < 2 { return .none }
            }
        }
        let length = 4 + Int(bytes[3])
        return length > maximumFrameLength ? .none : .frame(length: length)
    }

    /// The checksum error of one complete frame, nil when it is intact.
    static func checksumError(_ frame: UnsafeBufferPointer<UInt8>) -> WireError? {
        let last = frame.count - 1
        let expected = checksum(UnsafeBufferPointer(rebasing: frame[2..<last]))
        let got = frame[last]
        return expected == got ? nil : .badChecksum(expected: UInt16(expected), got: UInt16(got))
    }

    /// Where the fields of one complete, checked frame are.
    static func fields(_ frame: UnsafeBufferPointer<UInt8>) -> FrameFields {
        FrameFields(id: frame[2], code: frame[4], parameters: 5..<(frame.count - 1))
    }
}
