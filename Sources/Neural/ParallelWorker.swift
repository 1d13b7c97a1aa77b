import Atomics
import Dispatch
import Foundation

/// A second thread that runs registered tasks while the caller runs its own share, so an
/// update can work on two independent networks (twin critics, actor and targets) at once, or on
/// the two row halves of one matrix product (`WorkSplitter`).
///
/// Tasks are registered once as closures; `run(_:alongside:)` only passes an index, so a hand-off
/// allocates nothing. Hand-offs are atomic counters: the worker spins briefly for the next task
/// (an update posts dozens within a millisecond) and the caller spins until the task is done,
/// each for a bounded time before sleeping on a semaphore; a hand-off costs about a microsecond
/// instead of a futex wake-up, and a busy machine degrades to the semaphores' behaviour. Acquire/release ordering makes everything written before `run` visible to the
/// task, and everything the task wrote visible after `run` returns. Results are bitwise those of
/// running the two pieces one after the other, since each touches only its own buffers.
public final class ParallelWorker {
    /// State shared with the thread, which outlives the worker until the thread has stopped.
    private final class Shared: @unchecked Sendable {
        /// Number of tasks posted so far; the worker runs task `pending` when it grows.
        let posted = ManagedAtomic<Int>(0)
        /// Number of tasks finished so far.
        let finished = ManagedAtomic<Int>(0)
        /// Whether the worker is asleep on `wake` (or about to be).
        let sleeping = ManagedAtomic<Bool>(false)
        /// Whether the caller is asleep on `done` (or about to be).
        let callerSleeping = ManagedAtomic<Bool>(false)
        let done = DispatchSemaphore(value: 0)
        let stopping = ManagedAtomic<Bool>(false)
        let wake = DispatchSemaphore(value: 0)
        var tasks: [() -> Void] = []
        var pending = -1
    }

    private let shared = Shared()
    /// Whether tasks run on the second thread (false runs them inline, for one core or tests).
    public let isConcurrent: Bool
    /// Whether a task is running on the worker now (read by the thread that calls `run`).
    public private(set) var isBusy = false

    /// Starts the thread when `concurrent` (the default when there is more than one processor).
    public init(concurrent: Bool = ProcessInfo.processInfo.activeProcessorCount > 1) {
        isConcurrent = concurrent
        guard concurrent else { return }
        let shared = self.shared
        let thread = Thread { ParallelWorker.serve(shared) }
        thread.name = "steady-learner-worker"
        thread.start()
    }

    deinit {
        shared.stopping.store(true, ordering: .sequentiallyConsistent)
        shared.posted.wrappingIncrement(ordering: .sequentiallyConsistent)
        shared.wake.signal()
    }

    /// Registers `task` and returns its index for `run`.
    public func register(_ task: @escaping () -> Void) -> Int {
        shared.tasks.append(task)
        return shared.tasks.count - 1
    }

    /// Runs task `index` on the worker while `work` runs here; returns when both are done.
    /// - Important: Allocates nothing; `work` is not escaping.
    @inline(__always)
    public func run(_ index: Int, alongside work: () -> Void) {
        guard isConcurrent else {
            work()
            shared.tasks[index]()
            return
        }
        isBusy = true
        shared.pending = index
        let ticket = shared.posted.wrappingIncrementThenLoad(ordering: .sequentiallyConsistent)
        if shared.sleeping.load(ordering: .sequentiallyConsistent) { shared.wake.signal() }
        work()
        var spins = 0
        while shared.finished.load(ordering: .acquiring) != ticket {
            spins += 1
            if spins < Self.spinLimit * 8 { continue }
            // The worker is late (a busy machine): sleep rather than take the core it needs.
            shared.callerSleeping.store(true, ordering: .sequentiallyConsistent)
            if shared.finished.load(ordering: .sequentiallyConsistent) != ticket { shared.done.wait() }
            shared.callerSleeping.store(false, ordering: .sequentiallyConsistent)
        }
        isBusy = false
    }

    /// Atomic polls (some tens of microseconds) before the worker sleeps on its semaphore: long
    /// enough to cover the gaps inside an update, short enough that on a busy machine the waiting
    /// thread gives its core to the one it waits for. The caller polls 8 times as long, since
    /// the two shares of a task differ by up to a few hundred microseconds.
    static let spinLimit = 25_000

    /// The worker thread's loop: wait for a posted task, run it, report it finished.
    private static func serve(_ shared: Shared) {
        var seen = 0
        while true {
            var spins = 0
            while shared.posted.load(ordering: .acquiring) == seen {
                spins += 1
                if spins < spinLimit { continue }
                shared.sleeping.store(true, ordering: .sequentiallyConsistent)
                if shared.posted.load(ordering: .sequentiallyConsistent) == seen { shared.wake.wait() }
                shared.sleeping.store(false, ordering: .sequentiallyConsistent)
                spins = 0
            }
            if shared.stopping.load(ordering: .sequentiallyConsistent) { return }
            seen += 1
            shared.tasks[shared.pending]()
            shared.finished.store(seen, ordering: .sequentiallyConsistent)
            if shared.callerSleeping.load(ordering: .sequentiallyConsistent) { shared.done.signal() }
        }
    }
}
