import ServoBus
import Safety

/// What one tick did, carried from step to step of `ControlLoop.tick` into its record. A plain
/// value on the loop thread's stack: building it allocates nothing.
struct TickTrace {
    /// Ticks since the loop's start, counted in deadlines.
    var tick: UInt64
    /// Nanoseconds from the loop's start to this tick's deadline.
    var sinceStartNanoseconds: UInt64
    /// How late the tick woke, nanoseconds.
    var latenessNanoseconds: UInt64
    /// Deadlines skipped before this tick.
    var missed: UInt64
    /// Phase and outcome bits for the record.
    var status: TickStatus
    /// The bus's retry count before the tick.
    var retriesBefore: Int
    /// The sync read's outcome.
    var read = BusOutcome.ok
    /// The first bus failure that fails the tick (a vanished port is handled at once).
    var failure: BusOutcome?
    /// Time spent on bus I/O, nanoseconds.
    var busNanoseconds: UInt64 = 0
    /// Time the policy took, when it was called.
    var policyNanoseconds: UInt64?
    /// Whether the policy was called (its action is then in the record).
    var policyCalled = false
    /// The flags the safety chain raised (nil: the chain did not run).
    var flags: SafetyFlags?
}
