/// Dynamixel Protocol 2.0 byte stuffing on arrays: inside a frame's instruction and parameter
/// fields every `FF FF FD` gets an extra `FD`, so that only real headers read `FF FF FD 00`.
/// A wrapper over `DynamixelFraming`'s in-place stuffing.
public enum DynamixelByteStuffing {
    /// Returns `bytes` with `FD` inserted after every `FF FF FD`.
    public static func stuff<C: Collection>(_ bytes: C) -> [UInt8] where C.Element == UInt8 {
        let source = Array(bytes)
        return source.withUnsafeBufferPointer { source in
            [UInt8](unsafeUninitializedCapacity: source.count + source.count / 3 + 1) { out, count in
                count = DynamixelFraming.stuff(source, into: out.baseAddress!)
            }
        }
    }

    /// Returns `bytes` with the `FD` after every `FF FF FD` removed (the inverse of `stuff`).
    public static func unstuff<C: Collection>(_ bytes: C) -> [UInt8] where C.Element == UInt8 {
        var out = Array(bytes)
        let count = out.withUnsafeMutableBufferPointer { buffer in
            buffer.isEmpty ? 0 : DynamixelFraming.unstuff(buffer.baseAddress!, count: buffer.count)
        }
        out.removeLast(out.count - count)
        return out
    }

    /// The number of bytes `stuff` would insert into `bytes`.
    public static func stuffedByteCount<C: Collection>(in bytes: C) -> Int where C.Element == UInt8 {
        stuff(bytes).count - bytes.count
    }
}
