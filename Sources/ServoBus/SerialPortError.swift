/// Errors the serial port itself reports. Each names the port.
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
    /// Any other failure reported by the OS.
    case failed(port: String, operation: String, detail: String)

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
        case .failed(let port, let operation, let detail):
            return "\(port): \(operation) failed: \(detail)"
        }
    }
}
