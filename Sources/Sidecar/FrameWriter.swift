/// Appends one frame's fields, little-endian, to a byte array; `finish` fills in the length.
///
/// One writer can encode many frames into the same storage (`reset` keeps the capacity), so an
/// I/O thread that sends steadily allocates only while its frames grow.
public struct FrameWriter {
    /// The encoded bytes: zero or more whole frames, then the one being written.
    public private(set) var bytes: [UInt8]
    private var frameStart = 0

    /// Creates a writer with room for `capacity` bytes.
    public init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Forgets every frame, keeping the storage.
    public mutating func reset() { bytes.removeAll(keepingCapacity: true) }

    /// Starts a frame of `type`: a placeholder length, version, type, reserved.
    public mutating func begin(_ type: SidecarMessageType) {
        frameStart = bytes.count
        append(UInt32(0))
        bytes.append(SidecarProtocol.version)
        bytes.append(type.rawValue)
        append(UInt16(0))
    }

    /// Writes the length of the frame begun last.
    /// - Precondition: the frame fits the protocol's 64 MiB (a programming error otherwise).
    public mutating func finish() {
        let length = bytes.count - frameStart - 4
        precondition(length <= SidecarProtocol.maximumLength, "FrameWriter: a \(length)-byte frame exceeds 64 MiB")
        withUnsafeBytes(of: UInt32(length).littleEndian) { raw in
            for i in 0..<4 { bytes[frameStart + i] = raw[i] }
        }
    }

    /// Appends an unsigned integer, little-endian.
    public mutating func append<T: FixedWidthInteger & UnsignedInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// Appends a double's IEEE 754 bits, little-endian.
    public mutating func append(_ value: Double) { append(value.bitPattern) }

    /// Appends raw bytes.
    public mutating func append(bytes other: some Collection<UInt8>) { bytes.append(contentsOf: other) }

    /// Appends `u16 n` and the UTF-8 bytes (truncated to 65,535 bytes at a character boundary).
    public mutating func append(string: String) {
        var utf8 = Array(string.utf8)
        if utf8.count > Int(UInt16.max) {
            utf8 = Array(String(decoding: utf8.prefix(Int(UInt16.max) - 3), as: UTF8.self).utf8.prefix(Int(UInt16.max)))
        }
        append(UInt16(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    /// Appends `u32 n` and the bytes (safetensors blobs).
    public mutating func append(blob: [UInt8]) {
        append(UInt32(blob.count))
        bytes.append(contentsOf: blob)
    }

    /// Appends floats, little-endian.
    public mutating func append(floats: UnsafeBufferPointer<Float>) {
        #if _endian(little)
        bytes.append(contentsOf: UnsafeRawBufferPointer(floats))
        #else
        for value in floats { append(value.bitPattern) }
        #endif
    }
}
