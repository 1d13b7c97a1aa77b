import Foundation
import Neural
import SteadyCore

/// The off-policy training loop of Stable-Baselines3's `OffPolicyAlgorithm` over one or several
/// environments: uniformly random actions until `learningStarts`, then exploratory actions from
/// the agent's `Exploration`; every `trainFrequency` rounds, `gradientSteps` updates on replay
/// batches (each followed by the exploration's `policyUpdated`); periodic deterministic
/// evaluations, each followed by an atomic checkpoint; progress.csv; a final evaluation written
/// to eval.json.
///
/// Time-limit truncations are stored as non-terminal (the critic bootstraps through them); the
/// transition's next observation is the episode's last one. Every action sent is recorded for
/// its continuity cost. With `settings.hindsightGoals` > 0 transitions go to a
/// `HindsightReplayBuffer` (HER, `future` strategy). A non-finite loss stops the run with `LearningError.nonFiniteLoss`
/// before any checkpoint of the diverged weights is written.
public final class OffPolicyTrainer {
    /// The algorithm.
    public let agent: any OffPolicyAgent
    /// How the agent's actor explores, one noise per environment.
    public let exploration: any Exploration
    /// The environments stepped in turn each round.
    public let environments: [any Environment]
    /// The environment evaluations run on.
    public let evaluationEnvironment: any Environment
    /// Loop settings.
    public let settings: TrainingSettings
    /// Where progress.csv, eval.json and policy/ go; nil writes nothing.
    public let runDirectory: URL?
    /// The replay buffer (HER's storage when `hindsight` is set).
    public let buffer: ReplayBuffer
    /// Hindsight experience replay, when `settings.hindsightGoals` > 0.
    public let hindsight: HindsightReplayBuffer?
    /// Steps between `onProgress` calls.
    public var progressInterval = 100
    /// Called every `progressInterval` steps and after each progress.csv row.
    public var onProgress: ((TrainingProgress) -> Void)?
    /// Polled every round; true ends training early (then the final evaluation runs).
    public var shouldStop: () -> Bool = { false }
    /// The checkpoint directory, `runDirectory/policy`.
    public var checkpointDirectory: URL? { runDirectory?.appendingPathComponent("policy") }
    /// The progress.csv log.
    public let log: ProgressLog

    private var lastCheckpoint: String?
    private var episodes = 0
    private var recentReturns: [Double] = []
    private var windowContinuity = (sum: 0.0, count: 0)
    private var totalContinuity = (sum: 0.0, count: 0)
    /// Losses since the last progress.csv row, and since the last progress report.
    private var rowLosses = LossWindow(), reportLosses = LossWindow()
    private var episodeWindow = EpisodeWindow()
    private var lastEvaluation: (step: Int, evaluation: Evaluation)?
    /// The wear of the exploring policy's episodes (wear.json).
    public private(set) var explorationWear: ExplorationWear
    /// Whether each environment's current episode began after `learningStarts` (all its
    /// actions came from the exploration).
    private var episodeExplores: [Bool]
    private var timestepsSoFar = 0
    private var lastLoggedStep = -1
    private var firstUpdateNanoseconds: UInt64?

    /// Creates a trainer; the environments must share the agent's observation and action sizes.
    public init(agent: any OffPolicyAgent, environments: [any Environment], evaluationEnvironment: any Environment,
                settings: TrainingSettings, runDirectory: URL?) {
        precondition(!environments.isEmpty, "OffPolicyTrainer: need at least one environment")
        for environment in environments + [evaluationEnvironment] {
            precondition(environment.observationSpace.dimension == agent.observationSize
                         && environment.actionSpace.dimension == agent.actionSize,
                         "OffPolicyTrainer: \(environment.name) does not match the agent's sizes")
        }
        self.agent = agent
        exploration = agent.makeExploration(environments: environments.count)
        self.environments = environments
        self.evaluationEnvironment = evaluationEnvironment
        self.settings = settings
        self.runDirectory = runDirectory
        let capacity = max(1, min(settings.bufferSize, settings.totalSteps))
        if settings.hindsightGoals > 0 {
            guard let task = environments[0] as? any GoalConditionedTask else {
                preconditionFailure("OffPolicyTrainer: HER needs a goal-conditioned task, not \(environments[0].name)")
            }
            let her = HindsightReplayBuffer(capacity: capacity, environmentCount: environments.count,
                                            sampledGoals: settings.hindsightGoals, task: task,
                                            observationSize: agent.observationSize, actionSize: agent.actionSize)
            hindsight = her
            buffer = her.storage
        } else {
            hindsight = nil
            buffer = ReplayBuffer(capacity: capacity, observationSize: agent.observationSize, actionSize: agent.actionSize)
        }
        log = ProgressLog(url: runDirectory?.appendingPathComponent("progress.csv"))
        explorationWear = ExplorationWear(sampleRateHz: 1 / environments[0].controlPeriodSeconds)
        episodeExplores = Array(repeating: settings.learningStarts == 0, count: environments.count)
    }

    /// Trains, evaluates and writes the run's files.
    /// - Throws: `LearningError.nonFiniteLoss` (the last good checkpoint stays), environment
    ///   errors, and file errors naming the file.
    public func run() throws -> TrainingResult {
        let start = Monotonic.nanoseconds()
        let n = environments.count
        var generator = SeededGenerator(seed: settings.seed ^ 0x7472_6169_6E65_7200)
        let batch = ReplayBatch(size: agent.batchSize, observationSize: agent.observationSize, actionSize: agent.actionSize)
        let rollout = Rollout(count: n, observationSize: agent.observationSize, actionSize: agent.actionSize)
        for i in 0..<n {
            try copy(try environments[i].reset(seed: settings.seed &+ UInt64(i)), into: rollout.observations[i], from: i)
            exploration.episodeStarted(environment: i)
        }
        var timesteps = 0, rounds = 0
        while timesteps < settings.totalSteps && !shouldStop() {
            for i in 0..<n {
                if timesteps < settings.learningStarts {
                    for j in 0..<agent.actionSize { rollout.actions[i][j] = Float(generator.uniform(-1, 1)) }
                } else {
                    exploration.explore(observation: UnsafeBufferPointer(rollout.observations[i]), into: rollout.actions[i],
                                        environment: i, generator: &agent.generator)
                }
                try step(environment: i, of: rollout)
            }
            timesteps += n
            timestepsSoFar = timesteps
            rounds += 1
            if timesteps > settings.learningStarts && rounds % settings.trainFrequency == 0 {
                try train(on: batch, at: timesteps, generator: &generator)
            }
            try evaluateAndLog(at: timesteps, start: start)
        }
        return try finish(at: timesteps, start: start)
    }

    /// Steps `environment` with its recorded action, stores the transition, and starts a new
    /// episode when this one ended.
    private func step(environment i: Int, of rollout: Rollout) throws {
        let step = try environments[i].step(rollout.record(environment: i))
        guard step.observation.count == agent.observationSize else {
            throw LearningError.observationSize(environment: environments[i].name, expected: agent.observationSize,
                                                found: step.observation.count)
        }
        step.observation.withUnsafeBufferPointer { next in
            let observation = UnsafeBufferPointer(rollout.observations[i]), action = UnsafeBufferPointer(rollout.actions[i])
            if let hindsight {
                hindsight.add(environment: i, observation: observation, action: action, reward: Float(step.reward),
                              nextObservation: next, terminated: step.terminated, done: step.terminated || step.truncated,
                              actionRatePenalty: Float(step.info["action_rate_penalty"] ?? 0))
            } else {
                buffer.add(observation: observation, action: action, reward: Float(step.reward), nextObservation: next,
                           terminated: step.terminated)
            }
        }
        rollout.returns[i] += step.reward
        if step.terminated || step.truncated {
            if episodeExplores[i] { explorationWear.add(rollout.histories[i]) }
            // The action that starts the next episode is chosen after this round's count.
            episodeExplores[i] = timestepsSoFar + environments.count >= settings.learningStarts
            let episode = rollout.finishEpisode(environment: i)
            finishEpisode(return: episode.return, continuityCost: episode.continuityCost)
            episodeWindow.add(return: episode.return, length: episode.length, success: step.info["is_success"].map { $0 != 0 })
            try copy(try environments[i].reset(seed: nil), into: rollout.observations[i], from: i)
            exploration.episodeStarted(environment: i)
        } else {
            try copy(step.observation, into: rollout.observations[i], from: i)
        }
    }

    /// One training phase: `gradientSteps` updates on fresh replay batches, each followed by the
    /// exploration's `policyUpdated`.
    private func train(on batch: ReplayBatch, at timesteps: Int, generator: inout SeededGenerator) throws {
        if firstUpdateNanoseconds == nil { firstUpdateNanoseconds = Monotonic.nanoseconds() }
        let steps = settings.gradientSteps < 0 ? environments.count * settings.trainFrequency : settings.gradientSteps
        if settings.learningRateSchedule != .constant {
            let remaining = 1 - Double(timesteps) / Double(settings.totalSteps)
            agent.scaleLearningRate(by: settings.learningRateSchedule.scale(progressRemaining: remaining))
        }
        for _ in 0..<steps {
            if let hindsight {
                hindsight.sample(into: batch, generator: &generator)
            } else {
                buffer.sample(into: batch, generator: &generator)
            }
            let statistics = agent.update(batch)
            exploration.policyUpdated(on: batch, actorUpdated: statistics.actorLoss != nil, generator: &agent.generator)
            if let (name, value) = statistics.firstNonFiniteLoss {
                throw LearningError.nonFiniteLoss(step: timesteps, loss: name, value: value, checkpoint: lastCheckpoint)
            }
            rowLosses.add(statistics)
            reportLosses.add(statistics)
        }
    }

    /// The periodic evaluation and checkpoint, progress.csv row and progress callback due after
    /// the round that brought the run to `timesteps`.
    private func evaluateAndLog(at timesteps: Int, start: UInt64) throws {
        let n = environments.count
        func crossed(_ interval: Int) -> Bool { interval > 0 && timesteps / interval != (timesteps - n) / interval }
        if crossed(settings.evaluationInterval) && timesteps < settings.totalSteps {
            lastEvaluation = (timesteps, try evaluate(episodes: settings.evaluationEpisodes))
            try writeCheckpoint(step: timesteps)
        }
        if crossed(settings.logInterval) {
            let snapshot = progress(timesteps: timesteps, start: start)
            try log.append(snapshot)
            lastLoggedStep = timesteps
            rowLosses = LossWindow()
            windowContinuity = (0, 0)
            report(snapshot)
        } else if crossed(progressInterval), onProgress != nil {
            report(progress(timesteps: timesteps, start: start))
        }
    }

    /// Hands `snapshot` to `onProgress` and starts the next report's loss window.
    private func report(_ snapshot: TrainingProgress) {
        reportLosses = LossWindow()
        onProgress?(snapshot)
    }

    /// The last progress.csv row, the final evaluation and checkpoint, and eval.json.
    private func finish(at timesteps: Int, start: UInt64) throws -> TrainingResult {
        if lastLoggedStep != timesteps {
            try log.append(progress(timesteps: timesteps, start: start))   // the last row is the final step
        }
        let trainingEnd = Monotonic.nanoseconds()
        let evaluation = try evaluate(episodes: settings.finalEvaluationEpisodes)
        lastEvaluation = (timesteps, evaluation)
        try writeCheckpoint(step: timesteps)
        let wallSeconds = Double(Monotonic.nanoseconds() - start) / 1e9
        let updateSeconds = firstUpdateNanoseconds.map { Double(trainingEnd - $0) / 1e9 } ?? 0
        let result = TrainingResult(
            evaluation: evaluation, timesteps: timesteps, updates: agent.updateCount, episodes: episodes,
            wallSeconds: wallSeconds,
            updatesPerSecond: updateSeconds > 0 ? Double(agent.updateCount) / updateSeconds : 0,
            trainingContinuityCost: totalContinuity.count > 0 ? totalContinuity.sum / Double(totalContinuity.count) : .nan,
            checkpoint: checkpointDirectory, explorationWear: explorationWear)
        if let runDirectory {
            // Before eval.json: a run whose eval.json exists has its wear.json too.
            try AtomicFile.write(explorationWear.json, to: runDirectory.appendingPathComponent("wear.json"))
            try AtomicFile.write(result.evaluationJSON(algorithm: agent.algorithm, environment: evaluationEnvironment.name,
                                                       seed: settings.seed),
                                 to: runDirectory.appendingPathComponent("eval.json"))
        }
        return result
    }

    /// A deterministic evaluation on the evaluation environment, with the same seeds every time.
    public func evaluate(episodes: Int) throws -> Evaluation {
        try Evaluation.run(environment: evaluationEnvironment, episodes: episodes, seed: settings.seed &+ 1_000_003) {
            agent.act(observation: $0, into: $1)
        }
    }

    /// The metadata of a checkpoint written at `step`.
    public func metadata(step: Int) -> CheckpointMetadata {
        var metadata = CheckpointMetadata(agent: agent, environment: evaluationEnvironment, step: step,
                                          episodes: episodes, seed: settings.seed)
        metadata.learningRateSchedule = settings.learningRateSchedule
        return metadata
    }

    /// Writes a checkpoint, unless some parameter is not finite (the last good one then stays).
    private func writeCheckpoint(step: Int) throws {
        guard let directory = checkpointDirectory else { return }
        let tensors = agent.checkpointTensors()
        guard tensors.allSatisfy({ $0.values.allSatisfy(\.isFinite) }) else { return }
        try Checkpoint.write(tensors: tensors, metadata: metadata(step: step), to: directory)
        lastCheckpoint = directory.path
    }

    private func finishEpisode(return value: Double, continuityCost: Double) {
        episodes += 1
        recentReturns.append(value)
        if recentReturns.count > 10 { recentReturns.removeFirst() }
        windowContinuity.sum += continuityCost
        windowContinuity.count += 1
        totalContinuity.sum += continuityCost
        totalContinuity.count += 1
    }

    private func progress(timesteps: Int, start: UInt64) -> TrainingProgress {
        let now = Monotonic.nanoseconds()
        let elapsed = Double(now - start) / 1e9
        let updateSeconds = firstUpdateNanoseconds.map { Double(now - $0) / 1e9 } ?? 0
        return TrainingProgress(
            timesteps: timesteps, totalSteps: settings.totalSteps, episodes: episodes,
            recentMeanReturn: recentReturns.isEmpty ? nil : recentReturns.reduce(0, +) / Double(recentReturns.count),
            lastEvaluationReturn: lastEvaluation?.evaluation.meanReturn,
            criticLoss: rowLosses.means.critic, actorLoss: rowLosses.means.actor,
            recentLosses: reportLosses.means, rollout: episodeWindow.statistics, lastEvaluation: lastEvaluation,
            entropyCoefficient: agent.entropyCoefficient, sigma: exploration.noiseScale,
            continuityCost: windowContinuity.count > 0 ? windowContinuity.sum / Double(windowContinuity.count) : nil,
            updates: agent.updateCount,
            updatesPerSecond: updateSeconds > 0 ? Double(agent.updateCount) / updateSeconds : 0,
            stepsPerSecond: elapsed > 0 ? Double(timesteps) / elapsed : 0, elapsedSeconds: elapsed)
    }

    private func copy(_ observation: [Float], into buffer: UnsafeMutableBufferPointer<Float>, from index: Int) throws {
        guard observation.count == buffer.count else {
            throw LearningError.observationSize(environment: environments[index].name, expected: buffer.count,
                                                found: observation.count)
        }
        for j in 0..<buffer.count { buffer[j] = observation[j] }
    }
}
