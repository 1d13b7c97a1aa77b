#if canImport(Glibc)
import Glibc
#endif

/// The monotonic clock in nanoseconds: what deadlines, timeouts and loop ticks are measured on.
public enum Monotonic {
    /// Nanoseconds since an arbitrary fixed point (CLOCK_MONOTONIC). No allocation, vDSO call.
    @inline(__always)
    public static func nanoseconds() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) &* 1_000_000_000 &+ UInt64(spec.tv_nsec)
    }
}
