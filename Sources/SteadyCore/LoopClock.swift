/// The time source of the control loop: what "now" is and how to wait for a deadline.
///
/// The loop never reads the wall clock itself, so tests and benchmarks drive it with a manual
/// clock (`SteadyTesting.ManualClock`) and run hours of ticks in milliseconds, deterministically;
/// `Runtime.MonotonicLoopClock` is the real one.
public protocol LoopClock: AnyObject {
    /// Now, nanoseconds on a monotonic scale.
    /// - Important: Called in the tick: must not allocate, lock or make a system call (the
    ///   vDSO `clock_gettime` is not one).
    func nanoseconds() -> UInt64
    /// Returns at, or as soon as possible after, `deadline` (absolute, same scale).
    /// - Important: Called between ticks; must not allocate or lock.
    func sleep(untilNanoseconds deadline: UInt64)
}
