import Atomics

/// Counters the loop thread updates and any thread may read (status lines, summaries).
///
/// - Important: Updates are relaxed atomic increments: real-time safe.
public final class LoopCounters: @unchecked Sendable {
    /// Ticks run.
    public let ticks = ManagedAtomic<Int>(0)
    /// Deadlines skipped because a tick ran past them.
    public let missed = ManagedAtomic<Int>(0)
    /// Ticks that started after their deadline by more than a quarter period.
    public let late = ManagedAtomic<Int>(0)
    /// Ticks whose bus read or write failed after every retry.
    public let failedTicks = ManagedAtomic<Int>(0)
    /// Policy calls discarded for overrunning their budget.
    public let policyOverruns = ManagedAtomic<Int>(0)
    /// Stall reactions (torque reduced or dropped).
    public let stallReactions = ManagedAtomic<Int>(0)
    /// Worst lateness so far, nanoseconds.
    public let worstLatenessNanoseconds = ManagedAtomic<Int>(0)

    /// Creates zeroed counters.
    public init() {}

    /// A plain copy of every counter.
    public var snapshot: Snapshot {
        Snapshot(ticks: ticks.load(ordering: .relaxed), missed: missed.load(ordering: .relaxed),
                 late: late.load(ordering: .relaxed), failedTicks: failedTicks.load(ordering: .relaxed),
                 policyOverruns: policyOverruns.load(ordering: .relaxed),
                 stallReactions: stallReactions.load(ordering: .relaxed),
                 worstLatenessNanoseconds: worstLatenessNanoseconds.load(ordering: .relaxed))
    }

    /// The counters at one moment.
    public struct Snapshot: Equatable, Sendable {
        public var ticks, missed, late, failedTicks, policyOverruns, stallReactions, worstLatenessNanoseconds: Int
    }
}
