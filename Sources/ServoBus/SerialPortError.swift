#if canImport(Glibc)
import Glibc
#endif

/// Errors the serial port itself reports. Each names the port; OS failures keep their errno.
public enum SerialPortError: Error, Equatable, CustomStringConvertible {
    /// No device at that path.
    case notFound(port: String)
    /// The user may not open the device (not in the `dialout` group).
    case permissionDenied(port: String)
    /// Another process holds the port.
    case busy(port: String)
    /// The device disappeared (USB adapter unplugged, twin stopped).
    case vanished(port: String)
    /// The port does not support a setting (e.g. the baud rate).
    case unsupported(port: String, detail: String)
    /// A system call failed with `errno`.
    case failed(port: String, operation: String, errno: Int32)
    /// The OS took only `sentBytes` of `totalBytes` before the write's deadline.
    case writeTimeout(port: String, sentBytes: Int, totalBytes: Int)

    /// The errno behind the error, where there is one.
    public var errno: Int32? {
        switch self {
        case .notFound: return ENOENT
        case .permissionDenied: return EACCES
        case .busy: return EBUSY
        case .vanished, .unsupported: return nil
        case let .failed(_, _, code): return code
        case .writeTimeout: return ETIMEDOUT
        }
    }

    public var description: String {
        switch self {
        case .notFound(let port):
            return "\(port): no such serial port"
        case .permissionDenied(let port):
            return "\(port): permission denied (add yourself to the 'dialout' group: sudo usermod -aG dialout $USER, then log in again)"
        case .busy(let port):
            return "\(port): port is in use by another process"
        case .vanished(let port):
            return "\(port): the port vanished (device unplugged or twin stopped)"
        case .unsupported(let port, let detail):
            return "\(port): not supported: \(detail)"
        case .failed(let port, let operation, let code):
            return "\(port): \(operation) failed: \(String(cString: strerror(code)))"
        case .writeTimeout(let port, let sent, let total):
            return "\(port): write failed: timed out after \(sent) of \(total) bytes"
        }
    }
}
