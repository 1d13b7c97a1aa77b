import ServoWire

/// The bus as the control tick sees it: one sync read of every motor's present state, one sync
/// write of every goal, and single-register writes for the safety reactions.
///
/// `SerialControlBus` implements it over any `SerialTransport` (a real port, a twin's pty, an
/// in-process twin); `SteadyTesting.InMemoryControlBus` is a double without I/O for benchmarks.
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
