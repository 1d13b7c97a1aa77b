#if canImport(Glibc)
import Glibc
#endif

/// The write end of a pipe a signal handler pokes to wake a waiting loop (async-signal-safe).
nonisolated(unsafe) private var signalWakeDescriptor: Int32 = -1
/// Set by the handler; loops that poll rather than wait check it.
nonisolated(unsafe) private(set) var stopSignalReceived: Int32 = 0

/// Routes SIGINT, SIGTERM and SIGHUP (the terminal closed) to `descriptor` (a pipe's write end)
/// and to `stopSignalReceived`, and ignores SIGPIPE (output to a closed pipe, e.g. `| head`),
/// whose default action would end the process with torque on.
///
/// Also unblocks the signals: a parent may start us with them blocked (Foundation's `Process`
/// does), and a blocked SIGINT would leave a twin or a robot running with no way to stop it cleanly.
func installStopSignals(wakeDescriptor descriptor: Int32 = -1) {
    var signals = sigset_t()
    sigemptyset(&signals)
    for stop in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&signals, stop) }
    sigprocmask(SIG_UNBLOCK, &signals, nil)
    signal(SIGPIPE, SIG_IGN)
    signalWakeDescriptor = descriptor
    let handler: @convention(c) (Int32) -> Void = { _ in
        stopSignalReceived = 1
        if signalWakeDescriptor >= 0 {
            var byte: UInt8 = 1
            _ = write(signalWakeDescriptor, &byte, 1)
        }
    }
    signal(SIGINT, handler)
    signal(SIGTERM, handler)
    signal(SIGHUP, handler)
}
