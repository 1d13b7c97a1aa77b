#if canImport(Glibc)
import Glibc
#endif

/// Real-time settings for the loop thread: SCHED_FIFO priority, locked memory, CPU affinity.
///
/// Each is used when the process is permitted to (root, CAP_SYS_NICE/CAP_IPC_LOCK, or rtprio
/// and memlock limits), and otherwise skipped with a one-line notice: a loop without them still
/// runs, only with more wake-up jitter.
public struct RealTimeSetup: Sendable, Equatable {
    /// SCHED_FIFO priority (1–99), nil: keep the normal scheduler.
    public var fifoPriority: Int32?
    /// Lock all current and future memory (`mlockall`) so page faults cannot stall a tick.
    public var lockMemory: Bool
    /// Pin the loop thread to this CPU, nil: leave it free.
    public var cpu: Int?

    /// Creates settings.
    public init(fifoPriority: Int32? = 80, lockMemory: Bool = true, cpu: Int? = nil) {
        self.fifoPriority = fifoPriority
        self.lockMemory = lockMemory
        self.cpu = cpu
    }

    /// No real-time settings at all (tests, benchmarks of the plain scheduler).
    public static let none = RealTimeSetup(fifoPriority: nil, lockMemory: false, cpu: nil)

    /// The last CPU of the machine: the loop's default, leaving CPU 0 to interrupts and the rest.
    public static var lastCPU: Int { max(Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) - 1, 0) }

    /// Applies the settings to the calling thread (and, for memory, the process). Returns one
    /// line per setting that was used or refused, for the caller to print. Not real-time.
    public func apply() -> [String] {
        var notices: [String] = []
        if lockMemory {
            if mlockall(MCL_CURRENT | MCL_FUTURE) == 0 {
                notices.append("memory locked (mlockall)")
            } else {
                notices.append("notice: memory not locked (mlockall: \(String(cString: strerror(errno)))); page faults may delay ticks")
            }
        }
        if let cpu {
            var set = cpu_set_t()
            withUnsafeMutableBytes(of: &set) { bytes in
                bytes.initializeMemory(as: UInt8.self, repeating: 0)
                bytes[cpu / 8] |= UInt8(1) << UInt8(cpu % 8)
            }
            // Glibc's module map hides the GNU affinity calls; look the function up instead.
            typealias SetAffinity = @convention(c) (pthread_t, Int, UnsafeRawPointer) -> Int32
            var result = ENOSYS
            if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pthread_setaffinity_np") {
                let setAffinity = unsafeBitCast(symbol, to: SetAffinity.self)
                result = withUnsafeBytes(of: &set) { setAffinity(pthread_self(), MemoryLayout<cpu_set_t>.size, $0.baseAddress!) }
            }
            notices.append(result == 0 ? "loop pinned to CPU \(cpu)"
                           : "notice: loop not pinned to CPU \(cpu) (\(String(cString: strerror(result))))")
        }
        if let priority = fifoPriority {
            var parameters = sched_param(sched_priority: priority)
            let result = pthread_setschedparam(pthread_self(), SCHED_FIFO, &parameters)
            notices.append(result == 0 ? "real-time scheduling: SCHED_FIFO priority \(priority)"
                           : "notice: no real-time scheduling (SCHED_FIFO: \(String(cString: strerror(result)))); expect more jitter")
        }
        return notices
    }
}
