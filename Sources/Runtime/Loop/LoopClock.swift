#if canImport(Glibc)
import Glibc
#endif
import SteadyCore

/// The time source of the control loop: what "now" is and how to wait for a deadline.
///
/// The loop never reads the wall clock itself, so tests drive it with a manual clock
/// (`SteadyTesting.ManualClock`) and run hours of ticks in milliseconds, deterministically.
public protocol LoopClock: AnyObject {
    /// Now, nanoseconds on a monotonic scale.
    /// - Important: Called in the tick: must not allocate, lock or make a system call (the
    ///   vDSO `clock_gettime` is not one).
    func nanoseconds() -> UInt64
    /// Returns at, or as soon as possible after, `deadline` (absolute, same scale).
    /// - Important: Called between ticks; must not allocate or lock.
    func sleep(untilNanoseconds deadline: UInt64)
}

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
