import Atomics
import Foundation

/// The I/O side of a learning policy hosted by a runtime: a thread that drains the transition
/// ring into batches for the `ActorClient`, passes finished episodes on, stages the weights the
/// client receives into the `ActorPolicy`, and releases what the tick adopted.
///
/// The control tick only ever touches `ring`, `episodes` and the policy: nothing here makes it
/// wait. The client keeps batches until the learner has them durable (bounded by its store;
/// beyond it, drops are counted) and reconnects with backoff when the learner goes away.
public final class ActorStreamer: @unchecked Sendable {
    /// What the stream did; `produced = acknowledged + pending + dropped`.
    public struct Counters: Sendable, Equatable {
        /// Transitions the tick produced.
        public var produced = 0
        /// Transitions handed to the client (drained from the ring).
        public var sent = 0
        /// Transitions the learner has durable.
        public var acknowledged = 0
        /// Transitions kept, not yet durable.
        public var pending = 0
        /// Transitions dropped: the ring was full, or the client's store was.
        public var droppedInRing = 0, droppedInStore = 0
        /// Batches sent again after a reconnect (the learner discards what it already applied).
        public var batchesResent = 0
        /// Connections made and lost; weights received and refused.
        public var connections = 0, disconnects = 0, weightsReceived = 0, weightsRefused = 0

        /// Both kinds of drops.
        public var dropped: Int { droppedInRing + droppedInStore }
        /// Whether every produced transition is accounted for.
        public var addsUp: Bool { produced == acknowledged + pending + dropped }
    }

    /// Transitions from the tick.
    public let ring: TransitionRing
    /// Finished episodes from the tick.
    public let episodes: ValueRing<ActorEpisode>
    /// The wire.
    public let client: ActorClient
    /// The policy whose weights this stages.
    public let policy: ActorPolicy
    /// Transitions per batch.
    public let batchSize: Int
    /// Called on the I/O thread with each finished episode.
    public var onEpisode: ((ActorEpisode) -> Void)?
    /// Called with lines worth telling a person (the client's, refused weights).
    public var onLog: ((String) -> Void)?

    private let stopping = ManagedAtomic<Bool>(false)
    private let connectedFlag = ManagedAtomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)
    private var started = false

    /// Wires `client` to `policy`; call `start` to connect.
    public init(policy: ActorPolicy, client: ActorClient, ringCapacity: Int, batchSize: Int, episodeCapacity: Int = 256) {
        precondition(batchSize > 0 && ringCapacity >= batchSize, "ActorStreamer: the ring must hold a batch")
        self.policy = policy
        self.client = client
        self.batchSize = batchSize
        ring = TransitionRing(capacity: ringCapacity, observationSize: policy.network.observationSize,
                              actionSize: policy.network.actionSize)
        episodes = ValueRing(capacity: episodeCapacity, filler: ActorEpisode())
    }

    /// Whether a learner has welcomed the current connection (any thread; the tick may read it).
    public var isConnected: Bool { connectedFlag.load(ordering: .relaxed) }

    /// Connects and starts the I/O thread.
    public func start() {
        precondition(!started, "ActorStreamer.start: already started")
        started = true
        client.onWeights = { [policy, weak self] version, blob in
            switch policy.stage(version: version, blob: blob) {
            case .success: return true
            case .failure(let error):
                self?.onLog?("sidecar: weights v\(version) refused, keeping v\(policy.weightsVersion): \(error)")
                return false
            }
        }
        client.onExploration = { [policy, weak self] blob in
            do { policy.stage(exploration: try WeightsBlob.readExploration(blob)) }
            catch { self?.onLog?("sidecar: exploration state refused: \(error)") }
        }
        client.onLog = { [weak self] in self?.onLog?($0) }
        client.start()
        let thread = Thread { [self] in
            while !stopping.load(ordering: .relaxed) {
                let moved = pump()
                if moved == 0 { usleep(2_000) }
            }
            _ = pump()
            finished.signal()
        }
        thread.name = "steady-sidecar-io"
        thread.start()
    }

    /// Drains the rings once; returns the transitions moved.
    private func pump() -> Int {
        policy.collect()
        connectedFlag.store(client.isConnected, ordering: .relaxed)
        var moved = 0
        while ring.count > 0 {
            var batch = TransitionBatch(observationSize: ring.observationSize, actionSize: ring.actionSize, capacity: batchSize)
            let count = ring.drain(into: &batch, limit: batchSize)
            guard count > 0 else { break }
            batch.weightsVersion = policy.weightsVersion
            client.offer(batch)
            moved += count
        }
        while let episode = episodes.pop() {
            client.report(episode.report)
            onEpisode?(episode)
        }
        return moved
    }

    /// Stops the I/O thread after a last drain of the rings: nothing more is handed to the
    /// client. The client keeps sending what it holds until `stop`.
    public func stopPumping() {
        guard started, !stopping.load(ordering: .relaxed) else { return }
        stopping.store(true, ordering: .relaxed)
        finished.wait()
    }

    /// Stops pumping, waits up to `durableTimeoutSeconds` for the learner to make everything
    /// durable, says BYE and returns the counters.
    @discardableResult
    public func stop(durableTimeoutSeconds: Double) -> Counters {
        stopPumping()
        if started && client.rejected == nil && durableTimeoutSeconds > 0 {
            client.waitUntilDurable(timeoutSeconds: durableTimeoutSeconds)
        }
        client.stop()
        return counters
    }

    /// The counters now (any thread).
    public var counters: Counters {
        let c = client.snapshot
        var counters = Counters()
        counters.droppedInRing = ring.dropped
        counters.sent = c.produced
        counters.produced = c.produced + ring.dropped + ring.count
        counters.acknowledged = c.durable
        counters.pending = c.pending + ring.count
        counters.droppedInStore = c.dropped
        counters.batchesResent = c.batchesResent
        counters.connections = c.connections
        counters.disconnects = c.disconnects
        counters.weightsReceived = c.weightsReceived
        counters.weightsRefused = c.weightsRejected
        return counters
    }
}
