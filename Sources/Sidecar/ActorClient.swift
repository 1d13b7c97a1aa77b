import Foundation
import NIOCore
import NIOPosix
import SteadyCore

/// The actor's side of the wire: keeps every batch until the learner says it is durable,
/// sends within the learner's window, reconnects with backoff (0.1 s doubling to 1 s) and
/// resends from the learner's `applied_seq`, heartbeats and notices a dead learner within
/// `timeout_ms`, and hands new weights to `onWeights` on its I/O thread.
///
/// The producer (a simulated actor's loop, later a runtime's ring-draining thread) calls
/// `offer` and never blocks in it: a full store drops the batch and counts it. A simulated
/// actor that may wait calls `waitForRoom` first.
public final class ActorClient: @unchecked Sendable {
    /// Bounds and timing.
    public struct Settings: Sendable {
        /// Transitions kept until durable; more are dropped.
        public var storeCapacity = 100_000
        /// The first reconnect delay, doubled after each failure up to `maximumBackoffSeconds`.
        public var initialBackoffSeconds = 0.1
        /// The longest reconnect delay.
        public var maximumBackoffSeconds = 1.0
        /// How long a connect or a handshake may take before it counts as failed.
        public var handshakeTimeoutMilliseconds: Int64 = 1_000
        /// Creates default settings.
        public init() {}
    }

    /// What the client did; `produced = durable + pending + dropped` always.
    public struct Counters: Sendable, Equatable {
        public var produced = 0, dropped = 0, durable = 0, pending = 0
        /// Batches sent, counting resends; batches sent again after a reconnect.
        public var batchesSent = 0, batchesResent = 0
        /// Connections established (WELCOME received) and lost.
        public var connections = 0, disconnects = 0
        /// Weights received and refused by `onWeights`.
        public var weightsReceived = 0, weightsRejected = 0
        /// Fresh identities taken because the learner had lost batches this actor no longer kept.
        public var identityResets = 0
    }

    public let address: SidecarAddress
    public let spec: SidecarSpec
    public let name: String
    public let settings: Settings
    /// Called on the I/O thread with each new weights version; return false to refuse it.
    public var onWeights: ((UInt64, [UInt8]) -> Bool)?
    /// Called on the I/O thread with each `EXPLORATION` blob.
    public var onExploration: (([UInt8]) -> Void)?
    /// Called on the I/O thread with each line worth telling a person (connected, lost, refused).
    public var onLog: ((String) -> Void)?

    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    var loop: EventLoop { group.next() }
    let condition = NSCondition()
    // Guarded by `condition`:
    var store: [TransitionBatch] = []
    var storedTransitions = 0
    var nextSequence: UInt64 = 1
    var counters = Counters()
    var applied: UInt64 = 0
    var window: UInt64 = 1
    var rejection: SidecarMessage.Reject?
    var stopped = false
    /// Set by `expectLearnerToClose`.
    var closeExpected = false
    /// The reason of the learner's last BYE, until a learner welcomes this actor again.
    var learnerBye: String?
    var actorID: [UInt8]
    // Event loop only:
    var connection: ActorConnection?
    var backoffSeconds: Double
    var weightsVersion: UInt64 = 0
    /// The highest `seq` ever sent, to count resends.
    var highestSent: UInt64 = 0
    private var episodes: [SidecarMessage.EpisodeReport] = []

    /// Creates a client; `start` connects.
    public init(address: SidecarAddress, spec: SidecarSpec, name: String, settings: Settings = Settings()) {
        self.address = address
        self.spec = spec
        self.name = name
        self.settings = settings
        backoffSeconds = settings.initialBackoffSeconds
        var generator = SystemRandomNumberGenerator()
        actorID = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    /// Starts connecting (and reconnecting) in the background.
    public func start() { loop.execute { [self] in connect() } }

    /// Stores a batch (its `seq` is assigned here) for sending; false when the store is full
    /// (the batch is dropped and counted). Never blocks beyond a short lock.
    @discardableResult
    public func offer(_ batch: TransitionBatch) -> Bool {
        condition.lock()
        counters.produced += batch.count
        guard storedTransitions + batch.count <= settings.storeCapacity else {
            counters.dropped += batch.count
            condition.unlock()
            return false
        }
        var batch = batch
        batch.sequence = nextSequence
        nextSequence += 1
        store.append(batch)
        storedTransitions += batch.count
        counters.pending = storedTransitions
        condition.unlock()
        loop.execute { [self] in connection?.pump() }
        return true
    }

    /// Waits until a batch of `transitions` fits the store and fewer than `window` batches
    /// await the learner's `applied_seq` (so a simulated actor runs at the learner's pace), or
    /// until the client stops or is refused. Returns false on timeout, stop or refusal.
    public func waitForRoom(transitions: Int, timeoutSeconds: Double) -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeoutSeconds)
        condition.lock()
        defer { condition.unlock() }
        while !stopped && rejection == nil
                && (storedTransitions + transitions > settings.storeCapacity || nextSequence - 1 - applied >= window) {
            if !condition.wait(until: deadline) { return false }
        }
        return !stopped && rejection == nil
    }

    /// Queues an episode report (at most 64 wait; older ones are dropped).
    public func report(_ episode: SidecarMessage.EpisodeReport) {
        loop.execute { [self] in
            if let connection, connection.isWelcomed {
                connection.send(.episode(episode))
            } else {
                episodes.append(episode)
                if episodes.count > 64 { episodes.removeFirst() }
            }
        }
    }

    /// Sends the episode reports that waited for a connection.
    func flushEpisodes() {
        guard let connection else { return }
        for episode in episodes { connection.send(.episode(episode)) }
        episodes.removeAll()
    }

    /// The counters now.
    public var snapshot: Counters { condition.withLock { counters } }
    /// The learner's REJECT, once refused (the client then stops reconnecting).
    public var rejected: SidecarMessage.Reject? { condition.withLock { rejection } }
    /// The reason the learner gave when it said BYE (it stopped on purpose), until a learner
    /// welcomes this actor again; nil while none did. The client keeps reconnecting: a
    /// producer that should end with the learner (`steady actor`) checks this.
    public var learnerStopReason: String? { condition.withLock { learnerBye } }
    /// Whether a learner has welcomed the current connection.
    public var isConnected: Bool { (try? loop.submit { [self] in connection?.isWelcomed ?? false }.wait()) ?? false }

    /// Waits up to `timeoutSeconds` for every stored batch to become durable.
    @discardableResult
    public func waitUntilDurable(timeoutSeconds: Double) -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeoutSeconds)
        condition.lock()
        defer { condition.unlock() }
        while storedTransitions > 0 && rejection == nil {
            if !condition.wait(until: deadline) { return false }
        }
        return storedTransitions == 0
    }

    /// The learner is about to stop on purpose (a learner this process started): its closing the
    /// connection is not reported as lost.
    public func expectLearnerToClose() {
        condition.withLock { closeExpected = true }
    }

    /// Says BYE, closes and stops the I/O thread; returns the final counters.
    @discardableResult
    public func stop() -> Counters {
        condition.withLock {
            stopped = true
            condition.broadcast()
        }
        let closing: EventLoopFuture<Void>?? = try? loop.submit { [self] () -> EventLoopFuture<Void>? in
            defer { connection = nil }
            return connection?.bye("actor stopping") ?? nil
        }.wait()
        if let future = closing ?? nil { _ = try? future.wait() }
        try? group.syncShutdownGracefully()
        return snapshot
    }

    /// The learner acknowledged: forget what is durable, wake a waiting producer.
    func acknowledged(applied newApplied: UInt64, durable: UInt64) {
        condition.withLock {
            applied = max(applied, newApplied)
            var removed = 0
            while let first = store.first, first.sequence <= durable {
                removed += first.count
                store.removeFirst()
            }
            storedTransitions -= removed
            counters.durable += removed
            counters.pending = storedTransitions
            condition.broadcast()
        }
    }
}
