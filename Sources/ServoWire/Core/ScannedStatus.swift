/// One status frame found by `StatusScanner`: its sender, error byte and parameters (a view
/// into the scanner's buffer, valid until the next `freeSpace()` or `reset()`).
public struct ScannedStatus {
    /// The ID of the servo that answered.
    public var id: UInt8
    /// The status packet's error byte.
    public var error: UInt8
    /// The first parameter byte (unstuffed).
    public var parameters: UnsafeMutablePointer<UInt8>
    /// The number of parameter bytes.
    public var parameterCount: Int
}

/// What `StatusScanner.next()` found.
public enum ScanResult {
    /// A status frame with a valid checksum.
    case status(ScannedStatus)
    /// A frame whose checksum failed.
    case corrupt
    /// No complete frame in the buffer yet.
    case needMore
}
