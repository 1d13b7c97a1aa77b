import Dispatch
import Foundation

/// A second thread that runs registered tasks while the caller runs its own share, so an
/// update can work on two independent networks (twin critics, actor and targets) at once.
///
/// Tasks are registered once as closures; `run(_:alongside:)` only passes an index, so a hand-off
/// allocates nothing. The semaphores order memory: everything written before `run` is visible to
/// the task, and everything the task wrote is visible after `run` returns. Results are bitwise
/// those of running the two pieces one after the other, since each touches only its own buffers.
public final class ParallelWorker {
    /// State shared with the thread, which outlives the worker until the thread has stopped.
    private final class Shared: @unchecked Sendable {
        let start = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        var tasks: [() -> Void] = []
        var pending = -1
        var stopping = false
    }

    private let shared = Shared()
    /// Whether tasks run on the second thread (false runs them inline, for one core or tests).
    public let isConcurrent: Bool

    /// Starts the thread when `concurrent` (the default when there is more than one processor).
    public init(concurrent: Bool = ProcessInfo.processInfo.activeProcessorCount > 1) {
        isConcurrent = concurrent
        guard concurrent else { return }
        let shared = self.shared
        let thread = Thread {
            while true {
                shared.start.wait()
                if shared.stopping { return }
                shared.tasks[shared.pending]()
                shared.done.signal()
            }
        }
        thread.name = "steady-learner-worker"
        thread.start()
    }

    deinit {
        shared.tasks = []
        shared.stopping = true
        shared.start.signal()
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
        shared.pending = index
        shared.start.signal()
        work()
        shared.done.wait()
    }
}
