import SteadyCore

/// A clock that moves only when told, swift-nio `EmbeddedEventLoop.advanceTime(by:)` style.
///
/// `sleep(untilNanoseconds:)` jumps straight to the deadline (never backwards) and calls
/// `onAdvance` with the seconds that passed, so a test can step an in-process twin's physics in
/// lockstep with the control loop. `advance(byNanoseconds:)` lets a test make work "take time"
/// (a slow policy, a slow bus). It is a `LoopClock`, so it drives the control loop in tests and
/// benchmarks (`steady bench tick` runs its ticks back to back on one).
public final class ManualClock: LoopClock {
    /// Now, nanoseconds.
    public var now: UInt64 { nowNanoseconds }
    /// Called after each move of the clock with the seconds that passed.
    public var onAdvance: ((Double) -> Void)?
    /// Number of `sleep` calls so far.
    public var sleeps: Int { sleepCount }
    // Private storage: the compiler can then drop the run-time exclusivity checks on the
    // loop's many clock reads (`bench tick` runs on this clock).
    private var nowNanoseconds: UInt64
    private var sleepCount = 0

    /// Creates a clock reading `start` nanoseconds.
    public init(start: UInt64 = 1_000_000_000) {
        nowNanoseconds = start
    }

    /// Now, nanoseconds.
    public func nanoseconds() -> UInt64 { nowNanoseconds }

    /// Moves the clock to `deadline` if that is later than now.
    public func sleep(untilNanoseconds deadline: UInt64) {
        sleepCount += 1
        guard deadline > nowNanoseconds else { return }
        advance(byNanoseconds: deadline - nowNanoseconds)
    }

    /// Moves the clock forward.
    public func advance(byNanoseconds nanoseconds: UInt64) {
        nowNanoseconds += nanoseconds
        onAdvance?(Double(nanoseconds) * 1e-9)
    }
}
