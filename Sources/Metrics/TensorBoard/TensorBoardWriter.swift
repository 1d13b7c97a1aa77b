import Foundation

/// Writes one TensorBoard event file: `events.out.tfevents.<unix time>.<host>.<pid>.<n>` in a
/// directory, starting with the `brain.Event:2` version event, then scalar summaries.
///
/// `add` only encodes the event into memory under a lock; a background thread writes what has
/// accumulated every `flushIntervalSeconds`, and `flush()`/`close()` write it at once. So any
/// thread may call `add` (a trainer's progress callback, a run's logger thread, a learner), and
/// a crash loses at most the last interval. Records are written whole, so a reader never sees
/// a torn one while the file is open.
///
/// - Important: not for a real-time thread: `add` takes a lock and may allocate.
public final class TensorBoardWriter {
    /// The directory holding the event file (TensorBoard's "run").
    public let directory: URL
    /// The event file.
    public let url: URL
    /// Seconds between background writes.
    public let flushIntervalSeconds: Double

    private let descriptor: Int32
    private let condition = NSCondition()
    private let writeLock = NSLock()
    private var pending: [UInt8] = []
    private var closing = false
    private var failure: TensorBoardWriterError?
    private let finished = DispatchSemaphore(value: 0)

    /// Creates `directory` if needed and a new event file in it holding the version event.
    /// - Throws: `TensorBoardWriterError.cannotWrite` naming the directory or file.
    public init(directory: URL, flushIntervalSeconds: Double = 2, wallTime: Double = Date().timeIntervalSince1970) throws {
        precondition(flushIntervalSeconds > 0, "flush interval must be positive")
        self.directory = directory
        self.flushIntervalSeconds = flushIntervalSeconds
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw TensorBoardWriterError.cannotWrite(path: directory.path, reason: error.localizedDescription)
        }
        url = directory.appendingPathComponent(Self.fileName(wallTime: wallTime))
        descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw TensorBoardWriterError.cannotWrite(path: url.path, reason: String(cString: strerror(errno)))
        }
        append(TensorBoardEvent(wallTime: wallTime, step: 0, content: .fileVersion(TensorBoardEvent.fileVersion)))
        try flush()
        let thread = Thread { [self] in
            backgroundWrites()
            finished.signal()
        }
        thread.name = "steady-tensorboard"
        thread.start()
    }

    deinit { try? close() }

    /// Queues one event holding `scalars` at `step` (written within `flushIntervalSeconds`).
    /// Does nothing for an empty list or once `close()` has begun.
    public func add(_ scalars: [TensorBoardScalar], step: Int, wallTime: Double = Date().timeIntervalSince1970) {
        guard !scalars.isEmpty else { return }
        append(TensorBoardEvent(wallTime: wallTime, step: Int64(step), content: .scalars(scalars)))
    }

    /// Writes every queued event now.
    /// - Throws: `TensorBoardWriterError.cannotWrite` naming the file (also for an earlier
    ///   background write that failed).
    public func flush() throws {
        writeLock.lock()
        defer { writeLock.unlock() }
        condition.lock()
        let bytes = pending
        pending.removeAll(keepingCapacity: true)
        condition.unlock()
        var offset = 0
        while offset < bytes.count, failure == nil {
            let written = bytes[offset...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                failure = .cannotWrite(path: url.path, reason: String(cString: strerror(errno)))
            } else {
                offset += written
            }
        }
        if let failure { throw failure }
    }

    /// Writes every queued event, stops the background thread and closes the file. Later calls
    /// do nothing.
    /// - Throws: the first write error, naming the file.
    public func close() throws {
        condition.lock()
        guard !closing else {
            condition.unlock()
            return
        }
        closing = true
        condition.signal()
        condition.unlock()
        finished.wait()
        defer { Foundation.close(descriptor) }
        try flush()
    }

    private func append(_ event: TensorBoardEvent) {
        condition.lock()
        if !closing { TFRecord.append(event.encoded(), to: &pending) }
        condition.unlock()
    }

    private func backgroundWrites() {
        while true {
            condition.lock()
            if !closing { _ = condition.wait(until: Date(timeIntervalSinceNow: flushIntervalSeconds)) }
            let stop = closing
            condition.unlock()
            if stop { return }
            try? flush()
        }
    }

    /// `events.out.tfevents.<seconds>.<host>.<pid>.<n>`, as PyTorch and tensorboardX name theirs:
    /// TensorBoard reads every file whose name contains `tfevents`; the process id and a counter
    /// keep two writers in one directory apart.
    static func fileName(wallTime: Double) -> String {
        var host = [CChar](repeating: 0, count: 256)
        let hostName = gethostname(&host, host.count - 1) == 0 ? String(cString: host) : "localhost"
        counterLock.lock()
        counter += 1
        let n = counter
        counterLock.unlock()
        return "events.out.tfevents.\(Int(wallTime)).\(hostName).\(getpid()).\(n)"
    }

    private static let counterLock = NSLock()
    nonisolated(unsafe) private static var counter = 0
}

/// A TensorBoard event file that could not be written.
public enum TensorBoardWriterError: Error, Equatable, CustomStringConvertible {
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case let .cannotWrite(path, reason): return "\(path): could not write TensorBoard events: \(reason)"
        }
    }
}
