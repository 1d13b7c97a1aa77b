import SteadyCore

/// Allocation-free framing of packets into caller-owned buffers, for either protocol: the core
/// that `FeetechCodec` and `DynamixelCodec` wrap and that the control tick's bus calls directly.
///
/// - Important: Real-time safe: no allocation, no locks, no system calls.
public enum WireFrames {
    /// Most bytes `frame` writes for a body of `bodyCount` bytes (instruction + parameters).
    public static func capacity(bodyCount: Int, protocolKind: ServoProtocolKind) -> Int {
        switch protocolKind {
        case .feetech: return bodyCount + 5
        case .dynamixel: return DynamixelFraming.capacity(bodyCount: bodyCount)
        }
    }

    /// Frames `body` (the instruction code — in a status, Feetech's error byte or Dynamixel's
    /// 0x55 and error byte — followed by the parameters, unstuffed) for `id` into `out`; returns
    /// the frame's length. `out` must hold `capacity(bodyCount:protocolKind:)` bytes.
    /// `stuffed` matters for Dynamixel only: false sends the body as it is (the combined reply
    /// to a fast sync read).
    @inline(__always)
    public static func frame(id: UInt8, body: UnsafeBufferPointer<UInt8>, protocolKind: ServoProtocolKind,
                             stuffed: Bool = true, into out: UnsafeMutablePointer<UInt8>) -> Int {
        switch protocolKind {
        case .feetech: return FeetechFraming.frame(id: id, body: body, into: out)
        case .dynamixel: return DynamixelFraming.frame(id: id, body: body, stuffed: stuffed, into: out)
        }
    }

    /// Writes a request's address and length fields (Feetech one byte each, Dynamixel two,
    /// little-endian) into `out`; returns the bytes written. Feetech values must fit a byte.
    @inline(__always)
    public static func addressAndLength(address: Int, length: Int, protocolKind: ServoProtocolKind,
                                        into out: UnsafeMutablePointer<UInt8>) -> Int {
        switch protocolKind {
        case .feetech:
            out[0] = UInt8(truncatingIfNeeded: address)
            out[1] = UInt8(truncatingIfNeeded: length)
            return 2
        case .dynamixel:
            out[0] = UInt8(truncatingIfNeeded: address)
            out[1] = UInt8(truncatingIfNeeded: address >> 8)
            out[2] = UInt8(truncatingIfNeeded: length)
            out[3] = UInt8(truncatingIfNeeded: length >> 8)
            return 4
        }
    }

    /// A request's address and length fields as an array (see `addressAndLength(address:length:protocolKind:into:)`).
    static func addressAndLength(_ address: UInt16, _ length: UInt16, protocolKind: ServoProtocolKind) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: 4) { out, count in
            count = addressAndLength(address: Int(address), length: Int(length), protocolKind: protocolKind, into: out.baseAddress!)
        }
    }

    /// The complete frame for `body`, as an array: what the array-returning codecs return.
    static func frame(id: UInt8, body: [UInt8], protocolKind: ServoProtocolKind, stuffed: Bool = true) -> [UInt8] {
        body.withUnsafeBufferPointer { body in
            [UInt8](unsafeUninitializedCapacity: capacity(bodyCount: body.count, protocolKind: protocolKind)) { out, count in
                count = frame(id: id, body: body, protocolKind: protocolKind, stuffed: stuffed, into: out.baseAddress!)
            }
        }
    }

    /// What `bytes`, which start at a candidate frame, say about a frame beginning there.
    static func header(_ bytes: UnsafeBufferPointer<UInt8>, protocolKind: ServoProtocolKind,
                       maximumFrameLength: Int) -> FrameHeader {
        switch protocolKind {
        case .feetech: return FeetechFraming.header(bytes, maximumFrameLength: maximumFrameLength)
        case .dynamixel: return DynamixelFraming.header(bytes, maximumFrameLength: maximumFrameLength)
        }
    }

    /// The checksum or CRC error of one complete frame, nil when it is intact.
    static func checksumError(_ frame: UnsafeBufferPointer<UInt8>, protocolKind: ServoProtocolKind) -> WireError? {
        switch protocolKind {
        case .feetech: return FeetechFraming.checksumError(frame)
        case .dynamixel: return DynamixelFraming.checksumError(frame)
        }
    }

    /// Where the fields of one complete, checked frame are, after unstuffing it in place
    /// (Dynamixel); nil for a Dynamixel status without its error byte.
    static func fields(_ frame: UnsafeMutableBufferPointer<UInt8>, protocolKind: ServoProtocolKind) -> FrameFields? {
        switch protocolKind {
        case .feetech: return FeetechFraming.fields(UnsafeBufferPointer(frame))
        case .dynamixel: return DynamixelFraming.fields(frame)
        }
    }
}
