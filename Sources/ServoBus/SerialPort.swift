import CSerialPort
import SteadyCore
#if canImport(Glibc)
import Glibc
#endif

/// A serial port: 8N1, no flow control, raw, at a given baud rate.
///
/// Real adapters (`/dev/ttyUSB0`, `/dev/ttyACM0`) are opened and configured by libserialport.
/// libserialport 0.1.1 refuses pseudo-terminals (it requires a `/sys/class/tty` entry), so a
/// twin's port is opened and put in raw 8N1 mode with termios instead; everything after opening
/// is the same code: reads wait with `ppoll` on the descriptor, so timeouts have microsecond
/// resolution (libserialport's blocking reads count whole milliseconds, too coarse for a 1 kHz
/// loop). The port is locked with `flock`, so a second process gets a clear "in use" error
/// instead of interleaved packets.
public final class SerialPort: SerialTransport {
    public let portName: String
    public let baudRate: Int
    /// The libserialport handle, nil for a pseudo-terminal opened with termios.
    private let port: OpaquePointer?
    /// The open descriptor (also what `EmergencyTorqueOff` writes to from a signal handler).
    let fileDescriptor: Int32

    /// Opens `path` at `baudRate`.
    /// - Throws: `SerialPortError` (not found, permission denied with the dialout hint, busy, unsupported baud).
    public init(path: String, baudRate: Int) throws {
        portName = path
        self.baudRate = baudRate
        guard access(path, F_OK) == 0 else { throw SerialPortError.notFound(port: path) }
        var handle: OpaquePointer?
        // The corresponding C function is `sp_get_port_by_name`.
        if sp_get_port_by_name(path, &handle) == SP_OK, let handle {
            port = handle
            fileDescriptor = try Self.openWithLibserialport(handle, path: path, baudRate: baudRate)
        } else {
            port = nil
            fileDescriptor = try Self.openWithTermios(path: path, baudRate: baudRate)
        }
        if flock(fileDescriptor, LOCK_EX | LOCK_NB) != 0 {
            closePort()
            throw SerialPortError.busy(port: path)
        }
        try discardInput()
    }

    private static func openWithLibserialport(_ handle: OpaquePointer, path: String, baudRate: Int) throws -> Int32 {
        // The corresponding C function is `sp_open`.
        if sp_open(handle, SP_MODE_READ_WRITE) != SP_OK {
            let code = sp_last_error_code()
            sp_free_port(handle)
            throw openError(code, path: path)
        }
        func check(_ result: sp_return, _ operation: String) throws {
            guard result.rawValue < 0 else { return }
            let code = sp_last_error_code()
            sp_close(handle)
            sp_free_port(handle)
            if result == SP_ERR_SUPP || result == SP_ERR_ARG { throw SerialPortError.unsupported(port: path, detail: operation) }
            throw SerialPortError.failed(port: path, operation: operation, errno: code)
        }
        try check(sp_set_baudrate(handle, Int32(baudRate)), "set baud rate \(baudRate)")
        try check(sp_set_bits(handle, 8), "set 8 data bits")
        try check(sp_set_parity(handle, SP_PARITY_NONE), "set no parity")
        try check(sp_set_stopbits(handle, 1), "set 1 stop bit")
        try check(sp_set_flowcontrol(handle, SP_FLOWCONTROL_NONE), "disable flow control")
        var fd: Int32 = -1
        // The corresponding C function is `sp_get_port_handle`.
        _ = sp_get_port_handle(handle, &fd)
        return fd
    }

    private static func openWithTermios(path: String, baudRate: Int) throws -> Int32 {
        let fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK)
        guard fd >= 0 else { throw openError(errno, path: path) }
        var attributes = termios()
        guard isatty(fd) != 0, tcgetattr(fd, &attributes) == 0 else {
            close(fd)
            throw SerialPortError.unsupported(port: path, detail: "not a serial device")
        }
        cfmakeraw(&attributes)
        attributes.c_cflag |= tcflag_t(CLOCAL | CREAD)
        if let speed = speedConstants[baudRate] { cfsetspeed(&attributes, speed) }
        guard tcsetattr(fd, TCSANOW, &attributes) == 0 else {
            let code = errno
            close(fd)
            throw SerialPortError.failed(port: path, operation: "configure", errno: code)
        }
        return fd
    }

    private static let speedConstants: [Int: speed_t] = [
        9_600: speed_t(B9600), 57_600: speed_t(B57600), 115_200: speed_t(B115200), 500_000: speed_t(B500000),
        1_000_000: speed_t(B1000000), 2_000_000: speed_t(B2000000), 3_000_000: speed_t(B3000000), 4_000_000: speed_t(B4000000),
    ]

    private static func openError(_ code: Int32, path: String) -> SerialPortError {
        switch code {
        case EACCES, EPERM: return .permissionDenied(port: path)
        case ENOENT, ENODEV, ENXIO: return .notFound(port: path)
        case EBUSY: return .busy(port: path)
        default: return .failed(port: path, operation: "open", errno: code)
        }
    }

    private func closePort() {
        flock(fileDescriptor, LOCK_UN)
        if let port {
            // The corresponding C functions are `sp_close` and `sp_free_port`.
            sp_close(port)
            sp_free_port(port)
        } else {
            close(fileDescriptor)
        }
    }

    deinit { closePort() }

    private func osError(_ operation: String, _ code: Int32 = errno) -> SerialPortError {
        switch code {
        case EIO, ENXIO, ENODEV, EBADF: return .vanished(port: portName)
        case EACCES, EPERM: return .permissionDenied(port: portName)
        default: return .failed(port: portName, operation: operation, errno: code)
        }
    }

    /// Writes all bytes, waiting (up to 100 ms) while the OS buffer is full.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        let deadline = Monotonic.nanoseconds() + 100_000_000
        while offset < bytes.count {
            let written = Glibc.write(fileDescriptor, base + offset, bytes.count - offset)
            if written > 0 { offset += written; continue }
            if written < 0, errno != EAGAIN, errno != EINTR { throw osError("write") }
            guard Monotonic.nanoseconds() < deadline else {
                throw SerialPortError.writeTimeout(port: portName, sentBytes: offset, totalBytes: bytes.count)
            }
            var descriptor = pollfd(fd: fileDescriptor, events: Int16(POLLOUT), revents: 0)
            _ = poll(&descriptor, 1, 1)
        }
    }

    /// Waits until bytes arrive or the deadline passes; returns the count read (0 = timeout).
    /// The corresponding C functions are `ppoll` and `read`.
    public func read(into buffer: UnsafeMutableRawBufferPointer, deadlineNanoseconds: UInt64) throws -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        while true {
            let got = Glibc.read(fileDescriptor, base, buffer.count)
            if got > 0 { return got }
            if got == 0 { throw SerialPortError.vanished(port: portName) }
            if errno != EAGAIN, errno != EINTR { throw osError("read") }
            let now = Monotonic.nanoseconds()
            if now >= deadlineNanoseconds { return 0 }
            var descriptor = pollfd(fd: fileDescriptor, events: Int16(POLLIN), revents: 0)
            let remaining = deadlineNanoseconds - now
            var timeout = timespec(tv_sec: Int(remaining / 1_000_000_000), tv_nsec: Int(remaining % 1_000_000_000))
            let ready = ppoll(&descriptor, 1, &timeout, nil)
            if ready < 0, errno != EINTR { throw osError("poll") }
            if ready > 0, descriptor.revents & Int16(POLLIN) == 0,
               descriptor.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
                throw SerialPortError.vanished(port: portName)
            }
        }
    }

    /// Drops unread input. The corresponding C function is `tcflush`.
    public func discardInput() throws {
        if tcflush(fileDescriptor, TCIFLUSH) != 0 { throw osError("flush input") }
    }
}
