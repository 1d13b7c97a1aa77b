import Foundation

/// The logger thread: takes tick records from the ring, writes them to `RUN/run.mcap`, keeps
/// the live status, and warns about overruns at most once a second.
///
/// The file is written at least every 200 ms and synced to disk every second, so a crash loses
/// at most the last second of ticks; `finish()` drains the ring and closes the file with its
/// summary. Not real-time: the loop only ever touches the ring.
public final class RunLogger {
    /// The run log's file name inside a run directory.
    public static let fileName = "run.mcap"
    /// Channel of tick messages.
    static let tickChannel: UInt16 = 1
    /// Channel of event messages (JSON).
    static let eventChannel: UInt16 = 2

    public let url: URL
    public let ring: TickRecordRing
    public let metadata: RunMetadata
    /// Counters of the loop whose overruns are warned about (optional).
    public let counters: LoopCounters?
    /// Called on the logger thread about every `statusIntervalSeconds` with the live status.
    public var onStatus: ((LiveStatus) -> Void)?
    /// Called on the logger thread with each warning (at most one overrun warning a second).
    public var onWarning: ((String) -> Void)?
    /// Seconds between status callbacks.
    public var statusIntervalSeconds = 0.5
    /// TensorBoard curves, one point per status window (set before `start()`).
    public var tensorBoard: RunTensorBoard?

    private let writer: MCAPWriter
    private let lock = NSLock()
    private var pendingEvents: [(level: String, text: String)] = []
    private var finishing = false
    private var thread: Thread?
    private let done = DispatchSemaphore(value: 0)
    private var failure: Error?
    private var sequence: UInt32 = 0
    private var eventSequence: UInt32 = 0
    private var payload: [UInt8] = []
    private var live = LiveStatusAccumulator()
    private var lastTimeNanoseconds: UInt64 = 0
    /// Messages written.
    public private(set) var ticksLogged = 0

    /// Creates `directory` if needed and starts `run.mcap` in it with the schema, channels and
    /// metadata.
    /// - Throws: `RunLogError.cannotWrite` naming the file.
    public init(directory: URL, ring: TickRecordRing, metadata: RunMetadata, counters: LoopCounters? = nil) throws {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw RunLogError.cannotWrite(path: directory.path, reason: "cannot create the run directory: \(error.localizedDescription)")
        }
        url = directory.appendingPathComponent(Self.fileName)
        self.ring = ring
        self.metadata = metadata
        self.counters = counters
        writer = try MCAPWriter(url: url)
        writer.addSchema(id: 1, name: TickMessage.schemaName, encoding: "ros2msg", data: Array(TickMessage.definition.utf8))
        writer.addChannel(id: Self.tickChannel, schemaID: 1, topic: TickMessage.topic, messageEncoding: "cdr",
                          metadata: metadata.pairs.filter { ["joint_names", "flag_names", "status_names", "rate_hz"].contains($0.0) })
        writer.addSchema(id: 2, name: "steady.Event", encoding: "jsonschema", data: Array(Self.eventSchema.utf8))
        writer.addChannel(id: Self.eventChannel, schemaID: 2, topic: "/steady/event", messageEncoding: "json")
        writer.addMetadata(name: "steady.run", metadata.pairs)
        try writer.flush()
        payload.reserveCapacity(4096)
        live = LiveStatusAccumulator(jointNames: metadata.jointNames, flagNames: metadata.flagNames, rateHz: metadata.rateHz)
    }

    static let eventSchema = """
    {"title":"steady.Event","type":"object","properties":{"time":{"type":"number","description":"s since the loop started"},\
    "level":{"type":"string","enum":["info","warning","error"]},"text":{"type":"string"}}}
    """

    /// Queues an event message (any thread, not the loop's).
    public func event(_ text: String, level: String = "info") {
        lock.lock()
        pendingEvents.append((level, text))
        lock.unlock()
    }

    /// Starts the logger thread.
    public func start() {
        let thread = Thread { [self] in
            work()
            done.signal()
        }
        thread.name = "steady-logger"
        self.thread = thread
        thread.start()
    }

    /// Stops the thread after it has written every record in the ring, writes the summary and
    /// closes the file. Call after the loop has finished.
    /// - Throws: the first write error.
    public func finish() throws {
        lock.lock()
        finishing = true
        lock.unlock()
        if thread != nil {
            done.wait()
            thread = nil
        } else {
            drain()
        }
        writeEvents()
        tensorBoard?.writeWindow(status: status, counters: counters?.snapshot, step: ticksLogged)
        if let failure { throw failure }
        try writer.finish()
    }

    /// The live status now.
    public var status: LiveStatus {
        lock.lock()
        defer { lock.unlock() }
        return live.status
    }

    private func work() {
        var lastFlush = DispatchTime.now().uptimeNanoseconds
        var lastSync = lastFlush, lastStatus = lastFlush, lastWarning: UInt64 = 0
        var missedSeen = 0, failedSeen = 0
        while true {
            lock.lock()
            let stopping = finishing
            lock.unlock()
            let drained = drain()
            writeEvents()
            let now = DispatchTime.now().uptimeNanoseconds
            if now - lastStatus >= UInt64(statusIntervalSeconds * 1e9) {
                lastStatus = now
                lock.lock()
                let snapshot = live.status
                live.startWindow()
                lock.unlock()
                tensorBoard?.writeWindow(status: snapshot, counters: counters?.snapshot, step: ticksLogged)
                onStatus?(snapshot)
            }
            if let counters, now - lastWarning >= 1_000_000_000 {
                let c = counters.snapshot
                if c.missed > missedSeen || c.failedTicks > failedSeen {
                    lastWarning = now
                    var parts: [String] = []
                    if c.missed > missedSeen { parts.append("\(c.missed - missedSeen) deadline\(c.missed - missedSeen == 1 ? "" : "s") missed (worst lateness so far \(c.worstLatenessNanoseconds / 1000) µs)") }
                    if c.failedTicks > failedSeen { parts.append("\(c.failedTicks - failedSeen) failed bus tick\(c.failedTicks - failedSeen == 1 ? "" : "s")") }
                    let text = "overrun: " + parts.joined(separator: ", ")
                    event(text, level: "warning")
                    onWarning?(text)
                    missedSeen = c.missed
                    failedSeen = c.failedTicks
                }
            }
            do {
                if writer.buffer.count > 256 * 1024 || now - lastFlush >= 200_000_000 || stopping {
                    try writer.flush()
                    lastFlush = now
                }
                if now - lastSync >= 1_000_000_000 {
                    writer.sync()
                    lastSync = now
                }
            } catch {
                failure = failure ?? error
            }
            if stopping && ring.count == 0 { return }
            if drained == 0 { usleep(5_000) }
        }
    }

    /// Writes every record waiting in the ring; returns how many.
    @discardableResult
    private func drain() -> Int {
        var count = 0
        while let record = ring.peek() {
            TickMessage.encode(record, layout: ring.layout, into: &payload)
            let time = UInt64(max(0, record[ring.layout.index(.timeSeconds)]) * 1e9)
            lastTimeNanoseconds = time
            payload.withUnsafeBytes {
                writer.addMessage(channel: Self.tickChannel, sequence: sequence, logTimeNanoseconds: time, payload: $0)
            }
            sequence &+= 1
            lock.lock()
            live.add(record, layout: ring.layout)
            lock.unlock()
            tensorBoard?.add(record, layout: ring.layout)
            ring.release()
            count += 1
        }
        ticksLogged += count
        return count
    }

    private func writeEvents() {
        lock.lock()
        let events = pendingEvents
        pendingEvents.removeAll()
        lock.unlock()
        for (level, text) in events {
            let object: [String: Any] = ["time": Double(lastTimeNanoseconds) * 1e-9, "level": level, "text": text]
            guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { continue }
            data.withUnsafeBytes {
                writer.addMessage(channel: Self.eventChannel, sequence: eventSequence, logTimeNanoseconds: lastTimeNanoseconds, payload: $0)
            }
            eventSequence &+= 1
        }
    }
}
