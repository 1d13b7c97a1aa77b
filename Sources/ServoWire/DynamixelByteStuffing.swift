/// Dynamixel Protocol 2.0 byte stuffing: inside a frame's instruction and parameter fields every
/// `FF FF FD` gets an extra `FD`, so that only real headers read `FF FF FD 00`.
public enum DynamixelByteStuffing {
    /// Returns `bytes` with `FD` inserted after every `FF FF FD`.
    public static func stuff<C: Collection>(_ bytes: C) -> [UInt8] where C.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 3)
        var trailingFF = 0
        for byte in bytes {
            out.append(byte)
            if byte == 0xFD && trailingFF >= 2 {
                out.append(0xFD)
                trailingFF = 0
            } else {
                trailingFF = byte == 0xFF ? trailingFF + 1 : 0
            }
        }
        return out
    }

    /// Returns `bytes` with the `FD` after every `FF FF FD` removed (the inverse of `stuff`).
    public static func unstuff<C: Collection>(_ bytes: C) -> [UInt8] where C.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var trailingFF = 0
        var dropNextFD = false
        for byte in bytes {
            if dropNextFD {
                dropNextFD = false
                if byte == 0xFD {
                    trailingFF = 0
                    continue
                }
            }
            out.append(byte)
            if byte == 0xFD && trailingFF >= 2 {
                dropNextFD = true
                trailingFF = 0
            } else {
                trailingFF = byte == 0xFF ? trailingFF + 1 : 0
            }
        }
        return out
    }

    /// The number of bytes `stuff` would insert into `bytes`.
    public static func stuffedByteCount<C: Collection>(in bytes: C) -> Int where C.Element == UInt8 {
        var count = 0
        var trailingFF = 0
        for byte in bytes {
            if byte == 0xFD && trailingFF >= 2 {
                count += 1
                trailingFF = 0
            } else {
                trailingFF = byte == 0xFF ? trailingFF + 1 : 0
            }
        }
        return count
    }
}
