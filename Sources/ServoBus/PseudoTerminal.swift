import CSerialPort
#if canImport(Glibc)
import Glibc
#endif

/// A pseudo-terminal pair: the twin reads and writes the master side; clients open the slave
/// path (or a symlink to it) exactly as they would open `/dev/ttyUSB0`.
///
/// The slave side is held open by the twin itself, so the master never reads EIO while no
/// client is connected, and it is put in raw mode so no line discipline mangles binary packets.
public final class PseudoTerminal {
    /// Master side, non-blocking.
    public let masterDescriptor: Int32
    private let slaveDescriptor: Int32
    /// The slave device, e.g. `/dev/pts/3`.
    public let slavePath: String
    /// The symlink made by `link(at:)`, removed on `close()`/deinit.
    public private(set) var linkPath: String?

    /// Opens a new pseudo-terminal pair.
    /// The corresponding C functions are `posix_openpt`, `grantpt`, `unlockpt` and `ptsname_r`.
    public init() throws {
        let master = posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK)
        guard master >= 0 else { throw SerialPortError.failed(port: "/dev/ptmx", operation: "posix_openpt", errno: errno) }
        var name = [CChar](repeating: 0, count: 128)
        guard grantpt(master) == 0, unlockpt(master) == 0, ptsname_r(master, &name, name.count) == 0 else {
            let code = errno
            Glibc.close(master)
            throw SerialPortError.failed(port: "/dev/ptmx", operation: "unlockpt", errno: code)
        }
        let path = String(cString: name)
        let slave = open(path, O_RDWR | O_NOCTTY)
        guard slave >= 0 else {
            let code = errno
            Glibc.close(master)
            throw SerialPortError.failed(port: path, operation: "open", errno: code)
        }
        var attributes = termios()
        tcgetattr(slave, &attributes)
        cfmakeraw(&attributes)
        tcsetattr(slave, TCSANOW, &attributes)
        masterDescriptor = master
        slaveDescriptor = slave
        slavePath = path
    }

    /// Makes `path` a symlink to the slave device, replacing a stale symlink but never a real file.
    public func link(at path: String) throws {
        var info = stat()
        if lstat(path, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFLNK else {
                throw SerialPortError.failed(port: path, operation: "link (a file that is not a symlink is in the way)", errno: EEXIST)
            }
            unlink(path)
        }
        guard symlink(slavePath, path) == 0 else {
            throw SerialPortError.failed(port: path, operation: "symlink", errno: errno)
        }
        linkPath = path
    }

    /// Removes the link and closes both sides. Idempotent.
    public func close() {
        if let linkPath {
            unlink(linkPath)
            self.linkPath = nil
        }
    }

    deinit {
        close()
        Glibc.close(slaveDescriptor)
        Glibc.close(masterDescriptor)
    }
}
