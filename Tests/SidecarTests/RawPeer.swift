import Foundation
@testable import Sidecar
#if canImport(Glibc)
import Glibc
#endif

/// A hand-driven peer on a Unix socket: writes any bytes, reads frames with a deadline. What a
/// hostile or broken actor looks like to the learner.
final class RawPeer {
    let fd: Int32
    private var assembler = FrameAssembler()

    init(path: String) throws {
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, byte) in path.utf8.enumerated() where i < raw.count - 1 { raw[i] = byte }
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard result == 0 else { close(fd); throw POSIXError(.ECONNREFUSED) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    func write(_ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    func write(_ message: SidecarMessage) { write(FrameCodec.encode(message)) }

    /// The next frame, nil on close or after 5 s.
    func read() -> SidecarMessage? {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            if let message = try? assembler.next() { return message }
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { return nil }
            assembler.append(Array(chunk[0..<n]))
        }
    }

    /// Reads frames until one that is not a HEARTBEAT.
    func readSkippingHeartbeats() -> SidecarMessage? {
        while let message = read() {
            if case .heartbeat = message { continue }
            return message
        }
        return nil
    }

    /// True once the peer has closed (reads return 0), skipping frames before it.
    func isClosedByPeer() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { return true }
            if n < 0 { return false }
        }
    }
}
