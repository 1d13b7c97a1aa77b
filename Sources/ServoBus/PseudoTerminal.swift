import CSerialPort
import Foundation
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
    /// The link's claim: `<link>.lock`, locked (`flock`) while this twin serves the link.
    private var claim: (path: String, descriptor: Int32)?

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

    /// Makes `path` a symlink to the slave device, replacing a stale symlink but never a real
    /// file, and never the link of a twin still serving it.
    ///
    /// A twin claims its link by holding an `flock` on `<path>.lock` (which holds its pid) for
    /// as long as it serves; the lock goes with the process, also after kill -9, so a link
    /// whose twin died is stale and replaced.
    /// - Throws: `TwinLinkError.inUse` naming the live twin's pid; `SerialPortError` otherwise.
    public func link(at path: String) throws {
        try claimLink(path)
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

    /// Takes `<path>.lock`, or throws naming the twin that holds it.
    private func claimLink(_ path: String) throws {
        let lockPath = path + ".lock"
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw SerialPortError.failed(port: lockPath, operation: "open the link's lock", errno: errno) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            var bytes = [UInt8](repeating: 0, count: 32)
            let count = pread(descriptor, &bytes, bytes.count, 0)
            Glibc.close(descriptor)
            let pid = Int32(String(decoding: bytes.prefix(max(count, 0)), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
            throw TwinLinkError.inUse(link: path, pid: pid)
        }
        let text = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pwrite(descriptor, text, text.count, 0)
        claim = (lockPath, descriptor)
    }

    /// Removes the link and its claim, and closes both sides. Idempotent.
    public func close() {
        if let linkPath {
            unlink(linkPath)
            self.linkPath = nil
        }
        if let claim {
            unlink(claim.path)
            Glibc.close(claim.descriptor)
            self.claim = nil
        }
    }

    deinit {
        close()
        Glibc.close(slaveDescriptor)
        Glibc.close(masterDescriptor)
    }
}

/// A link another twin still serves.
public enum TwinLinkError: Error, Equatable, CustomStringConvertible {
    /// A live twin (pid, when its claim says) serves `link`.
    case inUse(link: String, pid: Int32?)

    public var description: String {
        switch self {
        case let .inUse(link, pid):
            return "\(link) is served by a running twin" + (pid.map { " (pid \($0))" } ?? "")
                + ": stop it first (kill -INT \(pid.map(String.init) ?? "<pid>")), or choose another --link"
        }
    }
}
