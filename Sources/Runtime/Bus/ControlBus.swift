import ServoBus
import ServoWire

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
    /// The port failed with this errno.
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

/// The bus as the control tick sees it: one sync read of every motor's present state, one sync
/// write of every goal, and single-register writes for the safety reactions.
///
/// `SerialControlBus` implements it over any `SerialTransport` (a real port, a twin's pty, an
/// in-process twin); `InMemoryControlBus` is a double without I/O for benchmarks.
///
/// - Important: Every method is called from the real-time loop: implementations must not
///   allocate or lock; the only system calls allowed are the bus I/O itself.
public protocol ControlBus: AnyObject {
    /// Number of joints (motors), in robot order.
    var jointCount: Int { get }
    /// Transport counters: transactions, timeouts, corrupt and stale replies, retries.
    var statistics: BusStatistics { get }
    /// Reads every motor's present state into `state` with one sync read, retrying timeouts
    /// and corrupt replies until `deadlineNanoseconds` (monotonic).
    func readPresent(into state: PresentState, deadlineNanoseconds: UInt64) -> BusOutcome
    /// Writes every joint's Goal_Position (raw ticks, joint order) with one sync write.
    func writeGoals(_ ticks: UnsafeBufferPointer<Int>) -> BusOutcome
    /// Writes one register of one joint (a sync write addressed to that motor alone, so no reply
    /// is awaited). `register` must come from `ControlTable` of the joint's model.
    func write(_ register: RegisterCoding, joint: Int, value: Int) -> BusOutcome
}
