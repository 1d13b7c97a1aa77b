import Foundation
import Learning
import Neural
import SteadyCore

/// The learner thread of `steady sidecar`: stores the batches actors send in one replay
/// buffer (exactly once, by sequence number), does `updatesPerTransition` gradient updates per
/// stored transition once `learningStarts` are stored, publishes the actor's weights every
/// `publishEvery` updates, checkpoints every `checkpointEverySeconds`, and reports status.
///
/// An acknowledgement goes out after a batch's updates are done, so an actor that keeps to the
/// window is paced by the learner, as `steady train` alternates a step and an update.
public final class SidecarLearner {
    /// The algorithm.
    public let agent: any OffPolicyAgent
    /// The learner's side of the exploration (parameter-noise σ adaptation, gSDE σ).
    public let exploration: any Exploration
    /// Online replay.
    public let buffer: ReplayBuffer
    /// Prior data mixed 50/50 into every batch (`--prior-buffer`), nil for none.
    public let priorBuffer: ReplayBuffer?
    /// The wire.
    public let server: LearnerServer
    /// Settings.
    public let configuration: LearnerConfiguration
    /// The environment whose name and spaces go into checkpoints and weights.
    public let environment: any Environment
    /// Where checkpoints go; nil writes none.
    public let checkpoints: LearnerCheckpointStore?
    /// Called with each status report.
    public var onStatus: ((LearnerStatus) -> Void)?
    /// Polled between events; true ends the run (a final checkpoint is written).
    public var shouldStop: () -> Bool = { false }
    /// Whether `run` ends with a checkpoint (false only to play a crash in tests).
    public var checkpointsAtEnd = true
    private let checkpointRequest = NSLock()
    private var checkpointRequested = false

    /// Transitions stored, counting those of a resumed checkpoint.
    public private(set) var steps = 0
    /// Episodes reported.
    public private(set) var episodes = 0
    /// The newest published weights version.
    public private(set) var weightsVersion: UInt64 = 0
    private var generator: SeededGenerator
    private let batch: ReplayBatch, priorBatch: ReplayBatch?, mixed: ReplayBatch?
    private var updatesSincePublish = 0
    private var recentEpisodes: [(return: Double, length: Double)] = []
    private var losses = (critic: 0.0, actor: 0.0, criticCount: 0, actorCount: 0)
    private var lastReport = (nanoseconds: Monotonic.nanoseconds(), steps: 0, updates: 0)
    private let start = Monotonic.nanoseconds()

    /// Creates a learner; `resume` restores steps, episodes and the weights version of a
    /// checkpoint whose networks, replay and ledger the caller already loaded.
    public init(agent: any OffPolicyAgent, buffer: ReplayBuffer, priorBuffer: ReplayBuffer?, server: LearnerServer,
                environment: any Environment, configuration: LearnerConfiguration, checkpoints: LearnerCheckpointStore?,
                resume: LearnerCheckpointState? = nil) {
        self.agent = agent
        exploration = agent.makeExploration(environments: 1)
        self.buffer = buffer
        self.priorBuffer = priorBuffer
        self.server = server
        self.environment = environment
        self.configuration = configuration
        self.checkpoints = checkpoints
        generator = SeededGenerator(seed: configuration.seed ^ 0x7369_6465_6361_7200)
        let half = max(1, agent.batchSize / 2)
        batch = ReplayBatch(size: priorBuffer == nil ? agent.batchSize : agent.batchSize - half,
                            observationSize: agent.observationSize, actionSize: agent.actionSize)
        priorBatch = priorBuffer.map { _ in ReplayBatch(size: half, observationSize: agent.observationSize, actionSize: agent.actionSize) }
        mixed = priorBuffer.map { _ in ReplayBatch(size: agent.batchSize, observationSize: agent.observationSize, actionSize: agent.actionSize) }
        if let resume {
            steps = resume.steps
            episodes = resume.episodes
            weightsVersion = resume.weightsVersion
            if let state = resume.exploration { exploration.state = state }
        }
        lastReport.steps = steps
        lastReport.updates = agent.updateCount
    }

    /// The metadata of the weights and checkpoints now.
    public var metadata: CheckpointMetadata {
        CheckpointMetadata(agent: agent, environment: environment, step: steps, episodes: episodes, seed: configuration.seed)
    }

    /// Serves until `shouldStop`; writes a final checkpoint.
    /// - Throws: `LearningError.nonFiniteLoss` (the last checkpoint stays), file errors naming the file.
    public func run() throws {
        if configuration.publishesAtStart || weightsVersion > 0 || agent.updateCount > 0 { try publish() }
        var lastCheckpoint = Monotonic.nanoseconds()
        while !shouldStop() {
            if let event = server.inbox.take(timeoutSeconds: 0.05) { try handle(event) }
            let now = Monotonic.nanoseconds()
            if Double(now - lastReport.nanoseconds) / 1e9 >= configuration.reportEverySeconds { report(now: now) }
            let requested = checkpointRequest.withLock { () -> Bool in
                defer { checkpointRequested = false }
                return checkpointRequested
            }
            if requested || (configuration.checkpointEverySeconds > 0
                             && Double(now - lastCheckpoint) / 1e9 >= configuration.checkpointEverySeconds) {
                try checkpoint()
                lastCheckpoint = Monotonic.nanoseconds()
            }
        }
        guard checkpointsAtEnd else { return }
        // Batches already received are stored before the final checkpoint, so that their
        // actors find them durable.
        while let event = server.inbox.take(timeoutSeconds: 0) { try handle(event, training: false) }
        try checkpoint()
        report(now: Monotonic.nanoseconds())
    }

    func handle(_ event: LearnerInbox.Event, training: Bool = true) throws {
        switch event {
        case let .batch(actor, incoming):
            switch server.ledger.verdict(actor, sequence: incoming.sequence) {
            case .apply:
                store(incoming)
                if training { try train(transitions: incoming.count) }
                server.ledger.applied(actor, sequence: incoming.sequence, count: incoming.count)
            case .duplicate:
                server.ledger.duplicate(actor)
            case let .gap(expected):
                server.fail(actor: actor, message: "TRANSITIONS field 'seq' is \(incoming.sequence), expected \(expected)")
                return
            }
            let entry = server.ledger[actor]!
            server.acknowledge(actor: actor, applied: entry.applied, durable: entry.durable)
        case let .episode(actor, report):
            episodes += 1
            server.ledger.episode(actor, return: report["return"])
            if let value = report["return"], value.isFinite {
                recentEpisodes.append((value, report["length"] ?? .nan))
                if recentEpisodes.count > 100 { recentEpisodes.removeFirst() }
            }
        }
    }

    private func store(_ incoming: TransitionBatch) {
        let o = incoming.observationSize, a = incoming.actionSize
        incoming.observations.withUnsafeBufferPointer { observations in
            incoming.nextObservations.withUnsafeBufferPointer { next in
                incoming.actions.withUnsafeBufferPointer { actions in
                    for i in 0..<incoming.count {
                        buffer.add(observation: UnsafeBufferPointer(rebasing: observations[(i * o)..<((i + 1) * o)]),
                                   action: UnsafeBufferPointer(rebasing: actions[(i * a)..<((i + 1) * a)]),
                                   reward: incoming.rewards[i],
                                   nextObservation: UnsafeBufferPointer(rebasing: next[(i * o)..<((i + 1) * o)]),
                                   terminated: incoming.flags[i] & SidecarProtocol.terminatedFlag != 0)
                    }
                }
            }
        }
        steps += incoming.count
    }

    /// `updatesPerTransition` updates per transition once `learningStarts` are stored.
    private func train(transitions: Int) throws {
        guard buffer.count >= max(configuration.learningStarts, 1) else { return }
        for _ in 0..<(transitions * configuration.updatesPerTransition) {
            let statistics = agent.update(sample())
            exploration.policyUpdated(on: mixed ?? batch, actorUpdated: statistics.actorLoss != nil, generator: &agent.generator)
            if let (name, value) = statistics.firstNonFiniteLoss {
                throw LearningError.nonFiniteLoss(step: steps, loss: name, value: value, checkpoint: checkpoints?.latestPath)
            }
            losses.critic += Double(statistics.criticLoss)
            losses.criticCount += 1
            if let actorLoss = statistics.actorLoss {
                losses.actor += Double(actorLoss)
                losses.actorCount += 1
            }
            updatesSincePublish += 1
            if updatesSincePublish >= configuration.publishEvery || weightsVersion == 0 { try publish() }
        }
    }

    /// A replay batch: all online, or half online and half prior (RLPD's symmetric sampling).
    private func sample() -> ReplayBatch {
        buffer.sample(into: batch, generator: &generator)
        guard let priorBuffer, let priorBatch, priorBuffer.count > 0 else { return batch }
        priorBuffer.sample(into: priorBatch, generator: &generator)
        let mixed = self.mixed!
        for (target, parts) in [(mixed.observations, (batch.observations, priorBatch.observations)),
                                (mixed.actions, (batch.actions, priorBatch.actions)),
                                (mixed.rewards, (batch.rewards, priorBatch.rewards)),
                                (mixed.nextObservations, (batch.nextObservations, priorBatch.nextObservations)),
                                (mixed.terminations, (batch.terminations, priorBatch.terminations))] {
            target.setRowCount(target.rowCapacity)
            let first = parts.0.rows * parts.0.columns
            target.baseAddress.update(from: parts.0.baseAddress, count: first)
            (target.baseAddress + first).update(from: parts.1.baseAddress, count: parts.1.rows * parts.1.columns)
        }
        return mixed
    }

    /// Sends the actor's weights (and exploration state) as the next version.
    public func publish() throws {
        updatesSincePublish = 0
        weightsVersion += 1
        let weights = try WeightsBlob.weights(of: agent, metadata: metadata)
        let state = exploration.state
        let blob = (state.parameterNoiseSigma != nil || state.stateDependentSigma != nil)
            ? WeightsBlob.exploration(state, settings: agent.exploration) : nil
        server.publish(version: weightsVersion, weights: weights, exploration: blob)
    }

    /// Asks the learner thread for a checkpoint at its next turn (from any thread).
    public func requestCheckpoint() { checkpointRequest.withLock { checkpointRequested = true } }

    /// Writes a checkpoint, then marks what it holds durable and tells every actor.
    public func checkpoint() throws {
        guard let checkpoints else { return }
        let tensors = agent.checkpointTensors()
        guard tensors.allSatisfy({ $0.values.allSatisfy(\.isFinite) }) else { return }
        let optimizers = agent.optimizerTensors()
        let ledgerEntries = server.ledger.snapshot.mapValues { entry -> DeliveryLedger.Entry in
            var saved = entry
            saved.durable = entry.applied
            return saved
        }
        let state = LearnerCheckpointState(steps: steps, episodes: episodes, weightsVersion: weightsVersion,
                                           updates: agent.updateCount, actors: ledgerEntries, exploration: exploration.state)
        try checkpoints.write(tensors: tensors + optimizers, metadata: metadata, buffer: buffer, state: state)
        server.ledger.markDurable()
        server.acknowledgeAll()
    }

    private func report(now: UInt64) {
        let seconds = Double(now - lastReport.nanoseconds) / 1e9
        let connected = Set(server.connectedActors())
        let status = LearnerStatus(
            steps: steps, updates: agent.updateCount, episodes: episodes, weightsVersion: weightsVersion,
            meanReturn: recentEpisodes.isEmpty ? nil : recentEpisodes.map(\.return).reduce(0, +) / Double(recentEpisodes.count),
            meanLength: recentEpisodes.isEmpty ? nil : recentEpisodes.map(\.length).reduce(0, +) / Double(recentEpisodes.count),
            criticLoss: losses.criticCount > 0 ? losses.critic / Double(losses.criticCount) : nil,
            actorLoss: losses.actorCount > 0 ? losses.actor / Double(losses.actorCount) : nil,
            entropyCoefficient: agent.entropyCoefficient,
            stepsPerSecond: seconds > 0 ? Double(steps - lastReport.steps) / seconds : 0,
            updatesPerSecond: seconds > 0 ? Double(agent.updateCount - lastReport.updates) / seconds : 0,
            elapsedSeconds: Double(now - start) / 1e9,
            actors: Dictionary(uniqueKeysWithValues: server.ledger.snapshot.map { key, entry in
                (key, LearnerStatus.Actor(name: entry.name, connected: connected.contains(key), entry: entry))
            }))
        lastReport = (now, steps, agent.updateCount)
        losses = (0, 0, 0, 0)
        onStatus?(status)
    }
}
