#if canImport(Glibc)
import Glibc
#endif
import SteadyCore

/// The real clock: CLOCK_MONOTONIC, absolute-deadline sleeps (`clock_nanosleep` with
/// TIMER_ABSTIME, so a late wake-up never shifts later deadlines), and an optional busy-wait
/// for the last `spinNanoseconds` before each deadline to shave the kernel's wake-up latency.
public final class MonotonicLoopClock: LoopClock {
    /// How long before a deadline to stop sleeping and spin, nanoseconds (0: never spin).
    public let spinNanoseconds: UInt64

    /// Creates the clock.
    public init(spinNanoseconds: UInt64 = 0) {
        self.spinNanoseconds = spinNanoseconds
    }

    @inline(__always)
    public func nanoseconds() -> UInt64 { Monotonic.nanoseconds() }

    /// The corresponding C function is `clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, …)`.
    public func sleep(untilNanoseconds deadline: UInt64) {
        let wake = deadline > spinNanoseconds ? deadline - spinNanoseconds : 0
        var spec = timespec(tv_sec: Int(wake / 1_000_000_000), tv_nsec: Int(wake % 1_000_000_000))
        while Monotonic.nanoseconds() < wake {
            // EINTR (a signal) just means sleep again until the same absolute time.
            if clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &spec, nil) == 0 { break }
        }
        if spinNanoseconds > 0 {
            while Monotonic.nanoseconds() < deadline {}
        }
    }
}
