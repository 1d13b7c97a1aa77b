#if canImport(Glibc)
import Glibc
#endif

/// What one bus transaction of the control tick came to. A plain value: reporting a failure
/// allocates nothing (no error boxes, no strings); `description` names it off the tick.
public enum BusOutcome: Equatable, Sendable, CustomStringConvertible {
    /// Every motor answered (reads) or the frame went out (writes).
    case ok
    /// A motor did not answer in time, after every retry the tick's budget allowed.
    case timeout(joint: Int)
    /// Replies arrived but failed their checksum, after every retry.
    case corrupt(joint: Int)
    /// The port is gone (unplugged adapter, dead twin).
    case vanished
    /// The port failed; the errno of the failing system call (ETIMEDOUT for a write the OS
    /// never took, EIO where the OS gave none).
    case failed(errno: Int32)

    /// Whether the transaction succeeded.
    public var isOK: Bool { self == .ok }

    public var description: String {
        switch self {
        case .ok: return "ok"
        case .timeout(let joint): return "timeout (joint \(joint))"
        case .corrupt(let joint): return "corrupt reply (joint \(joint))"
        case .vanished: return "port vanished"
        case .failed(let code): return "port error \(code)"
        }
    }
}

extension BusOutcome {
    /// The outcome for an error a transport threw, keeping its errno (off the normal path: a
    /// thrown error was already boxed by the transport).
    public init(_ error: Error) {
        switch error as? SerialPortError {
        case .vanished?: self = .vanished
        case let failure?: self = .failed(errno: failure.errno ?? EIO)
        case nil: self = .failed(errno: EIO)
        }
    }
}
