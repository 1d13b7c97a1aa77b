import Foundation
import Learning
import Neural
import SteadyCore

/// `steady actor`'s loop: steps its environments in turn with the newest weights and its own
/// exploration (the `Exploration` `steady train` uses), and streams the transitions.
///
/// Weights arrive on the client's I/O thread, are checked there into a staged network and
/// handed over latest-wins; the loop adopts them between steps, not at episode ends. Until the
/// first weights arrive it acts uniformly at random, as `steady train` does before
/// `learning_starts`. With `waitsWhenFull` it waits for the learner (a simulator can); without,
/// it drops what does not fit and counts it, as a robot must.
public final class SimulatedActor {
    /// The environments, stepped in turn.
    public let environments: [any Environment]
    /// The network it acts with.
    public let network: ActorNetwork
    /// The wire.
    public let client: ActorClient
    /// Transitions per batch.
    public let batchSize: Int
    /// Wait for room (a simulator) instead of dropping (a robot).
    public let waitsWhenFull: Bool
    /// Called with each finished episode.
    public var onEpisode: ((SidecarMessage.EpisodeReport) -> Void)?
    /// Polled between rounds.
    public var shouldStop: () -> Bool = { false }
    /// Nanoseconds from one round (a step of every environment) to the next, nil for as fast as
    /// it can: a paced actor waits on the clock, as a robot's loop at that rate does.
    public var roundPeriodNanoseconds: UInt64?
    /// Rounds that started more than a period after their deadline; the schedule then restarts
    /// from now instead of making them up in a burst (the runtime's rule for late ticks).
    public private(set) var lateRounds = 0

    private let exploration: any Exploration
    private let weights = WeightsMailbox<ActorNetwork>()
    private let explorationStates = WeightsMailbox<ExplorationState>()
    private var generator: SeededGenerator
    private var weightsVersion: UInt64 = 0
    private var explorationVersion: UInt64 = 0
    private var episodes: UInt64 = 0

    /// Wires `client`'s weights into this actor; call before `client.start()`.
    /// - Throws: `ActorWeightsError.unsupportedExploration` when the network cannot explore so.
    public init(environments: [any Environment], network: ActorNetwork, exploration settings: ExplorationSettings,
                client: ActorClient, batchSize: Int, waitsWhenFull: Bool, seed: UInt64) throws {
        precondition(!environments.isEmpty && batchSize > 0, "SimulatedActor: need environments and a positive batch size")
        self.environments = environments
        self.network = network
        self.client = client
        self.batchSize = batchSize
        self.waitsWhenFull = waitsWhenFull
        exploration = try network.makeExploration(settings, environments: environments.count)
        generator = SeededGenerator(seed: seed)
        let mailbox = weights, states = explorationStates
        client.onWeights = { [weak client] version, blob in
            do {
                let file = try WeightsBlob.readWeights(blob).file
                mailbox.put(version: version, try network.staged(from: file))
                return true
            } catch {
                client?.onLog?("sidecar: weights v\(version) refused, keeping the old ones: \(error)")
                return false
            }
        }
        client.onExploration = { [weak client] blob in
            do { states.put(version: states.version + 1, try WeightsBlob.readExploration(blob)) }
            catch { client?.onLog?("sidecar: exploration state refused: \(error)") }
        }
    }

    /// Steps until `steps` transitions were produced (nil: until `shouldStop`); returns them.
    /// - Throws: environment errors.
    @discardableResult
    public func run(steps limit: Int?) throws -> Int {
        let n = environments.count, o = network.observationSize, a = network.actionSize
        var observations = try (0..<n).map { try environments[$0].reset(seed: generator.next()) }
        var returns = [Double](repeating: 0, count: n), lengths = [Int](repeating: 0, count: n)
        var histories = (0..<n).map { _ in ActionHistory(dimension: a) }
        var action = [Float](repeating: 0, count: a)
        var batch = TransitionBatch(observationSize: o, actionSize: a, capacity: batchSize)
        for i in 0..<n { exploration.episodeStarted(environment: i) }
        var produced = 0
        var deadline = Monotonic.nanoseconds()
        while !shouldStop() && (limit.map { produced < $0 } ?? true) {
            if let period = roundPeriodNanoseconds { deadline = waitForRound(deadline: deadline, period: period) }
            adoptNewWeights()
            for i in 0..<n {
                act(observation: observations[i], environment: i, into: &action)
                action.withUnsafeMutableBufferPointer { histories[i].append($0) }
                let step = try environments[i].step(action)
                returns[i] += step.reward
                lengths[i] += 1
                let flags = (step.terminated ? SidecarProtocol.terminatedFlag : 0) | (step.truncated ? SidecarProtocol.truncatedFlag : 0)
                observations[i].withUnsafeBufferPointer { observation in
                    action.withUnsafeBufferPointer { actionBuffer in
                        step.observation.withUnsafeBufferPointer { next in
                            batch.append(observation: observation, action: actionBuffer, reward: Float(step.reward),
                                         nextObservation: next, flags: flags)
                        }
                    }
                }
                batch.weightsVersion = weightsVersion
                produced += 1
                if batch.count == batchSize { send(&batch) }
                if step.terminated || step.truncated {
                    finishEpisode(environment: i, return: returns[i], length: lengths[i], info: step.info,
                                  continuityCost: histories[i].continuityCost())
                    returns[i] = 0
                    lengths[i] = 0
                    histories[i].removeAll()
                    observations[i] = try environments[i].reset(seed: nil)
                    exploration.episodeStarted(environment: i)
                } else {
                    observations[i] = step.observation
                }
            }
        }
        if batch.count > 0 { send(&batch) }
        return produced
    }

    /// Sleeps to `deadline` (absolute, monotonic) and returns the next one; a round more than a
    /// period late is counted and the schedule restarts from now.
    private func waitForRound(deadline: UInt64, period: UInt64) -> UInt64 {
        let now = Monotonic.nanoseconds()
        if now >= deadline {
            guard now - deadline <= period else {
                lateRounds += 1
                return now + period
            }
            return deadline + period
        }
        var time = timespec(tv_sec: Int(deadline / 1_000_000_000), tv_nsec: Int(deadline % 1_000_000_000))
        while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &time, nil) == EINTR {}
        return deadline + period
    }

    private func adoptNewWeights() {
        if let (version, staged) = weights.take() {
            network.adopt(staged)
            weightsVersion = version
        }
        if let (_, state) = explorationStates.take() { exploration.state = state }
    }

    private func act(observation: [Float], environment i: Int, into action: inout [Float]) {
        guard weightsVersion > 0 else {
            for j in action.indices { action[j] = Float(generator.uniform(-1, 1)) }
            return
        }
        observation.withUnsafeBufferPointer { o in
            action.withUnsafeMutableBufferPointer { exploration.explore(observation: o, into: $0, environment: i, generator: &generator) }
        }
    }

    private func send(_ batch: inout TransitionBatch) {
        if waitsWhenFull {
            while !shouldStop() && !client.waitForRoom(transitions: batch.count, timeoutSeconds: 0.2) {
                if client.rejected != nil { break }
                adoptNewWeights()
            }
        }
        client.offer(batch)
        batch.removeAll()
    }

    private func finishEpisode(environment i: Int, return value: Double, length: Int, info: [String: Double], continuityCost: Double) {
        episodes += 1
        var values: [(key: String, value: Double)] = [("return", value), ("length", Double(length))]
        if let success = info["is_success"] { values.append(("is_success", success)) }
        if continuityCost.isFinite { values.append(("continuity_cost", continuityCost)) }
        let report = SidecarMessage.EpisodeReport(episode: episodes, weightsVersion: weightsVersion, values: values)
        client.report(report)
        onEpisode?(report)
    }
}
