import CMuJoCo
import Foundation

/// Routes MuJoCo's global error and warning handlers into Swift.
///
/// MuJoCo reports trouble through two process-wide function pointers. `mju_user_warning` may
/// return, so Steady installs a handler that appends the message to this thread-safe log; the
/// wrapper types read it back when they turn a diverged simulation into a thrown
/// `SimError.unstable`. `mju_user_error` must never return into MuJoCo: C code can recover
/// only by `longjmp`-ing out of the handler, which Swift cannot do safely. Steady therefore
/// keeps MuJoCo from raising errors at all:
///
/// - models load only through `mj_loadXML`, which returns NULL and fills an error buffer
///   (its compiler catches its own errors internally);
/// - every index, size and value is checked in Swift before it reaches C;
/// - after stepping, `mjData.warning` (bad qpos/qvel/qacc) is checked and thrown.
///
/// What remains reachable is a programmer error in this module, or memory exhaustion inside
/// MuJoCo (allocation failure, or a model whose `<size nstack>` is too small for its contacts).
/// For those the installed error handler writes "MuJoCo fatal error: …" to standard error and
/// ends the process itself, because MuJoCo 2.2 continues after a handler that returns, with
/// undefined results.
public enum MuJoCoLog {
    /// One warning MuJoCo reported, numbered in the order received (process-wide).
    public struct Entry: Sendable, Equatable {
        public var sequence: Int
        public var message: String
    }

    /// How many warnings the log keeps; older ones are dropped.
    public static let capacity = 256

    private static let lock = NSLock()
    nonisolated(unsafe) private static var entries: [Entry] = []
    nonisolated(unsafe) private static var nextSequence = 0

    /// Installs Steady's handlers into `mju_user_warning` and `mju_user_error`.
    ///
    /// Idempotent and cheap; the wrapper calls it before every load and every data allocation,
    /// so the handlers are in place even if something else reset MuJoCo's globals.
    public static func installHandlers() {
        lock.lock()
        defer { lock.unlock() }
        mju_user_warning = { message in
            MuJoCoLog.record(message.map { String(cString: $0) } ?? "(no message)")
        }
        mju_user_error = { message in
            let text = message.map { String(cString: $0) } ?? "(no message)"
            fputs("MuJoCo fatal error: \(text)\n", stderr)
            fflush(stderr)
            exit(EXIT_FAILURE)
        }
    }

    /// Appends a warning to the log.
    static func record(_ message: String) {
        lock.lock()
        defer { lock.unlock() }
        entries.append(Entry(sequence: nextSequence, message: message))
        nextSequence += 1
        if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
    }

    /// The sequence number the next warning will get; pass it to `warnings(since:)` later.
    public static var mark: Int {
        lock.lock()
        defer { lock.unlock() }
        return nextSequence
    }

    /// The warnings received since `mark` (all kept warnings when `mark` is 0).
    ///
    /// The handlers are process-wide, so with several simulations stepping on several
    /// threads the list may include the others' warnings.
    public static func warnings(since mark: Int = 0) -> [Entry] {
        lock.lock()
        defer { lock.unlock() }
        return entries.filter { $0.sequence >= mark }
    }
}
