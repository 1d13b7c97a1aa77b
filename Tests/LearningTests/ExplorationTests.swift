import Foundation
@testable import Learning
import Neural
import SteadyCore
import Testing

/// The `Exploration` protocol as a policy hosted away from the learner uses it: a copy of the
/// actor's weights plus the learner's `state` explores exactly as the trainer's exploration does.
@Suite struct ExplorationTests {
    static let observationSize = 3, actionSize = 2

    /// A small agent of `algorithm` after `updates` updates on random batches, and the learner's
    /// exploration, told of every update.
    func learner(sac: Bool, _ settings: ExplorationSettings, updates: Int = 6) -> (any OffPolicyAgent, any Exploration) {
        let agent: any OffPolicyAgent
        if sac {
            var configuration = SACConfiguration()
            configuration.hiddenSizes = [8, 8]
            configuration.batchSize = 16
            agent = SAC(observationSize: Self.observationSize, actionSize: Self.actionSize, configuration: configuration,
                        exploration: settings, seed: 31)
        } else {
            var configuration = TD3Configuration()
            configuration.hiddenSizes = [8, 8]
            configuration.batchSize = 16
            agent = TD3(observationSize: Self.observationSize, actionSize: Self.actionSize, configuration: configuration,
                        exploration: settings, seed: 31)
        }
        let exploration = agent.makeExploration(environments: 2)
        for index in 0..<updates {
            let batch = randomBatch(size: 16, observationSize: Self.observationSize, actionSize: Self.actionSize,
                                    seed: UInt64(100 + index))
            let statistics = agent.update(batch)
            exploration.policyUpdated(on: batch, actorUpdated: statistics.actorLoss != nil, generator: &agent.generator)
        }
        return (agent, exploration)
    }

    /// The exploration a runtime would host: the actor rebuilt from the checkpoint's tensors, the
    /// exploration made from the same settings for one environment, and the learner's state.
    func hosted(_ agent: any OffPolicyAgent, _ state: ExplorationState) throws -> any Exploration {
        let directory = temporaryDirectory("hosted")
        defer { try? FileManager.default.removeItem(at: directory) }
        try Checkpoint.write(tensors: agent.checkpointTensors(), metadata: metadata(agent), to: directory)
        let exploration = try CheckpointPolicy(directory: directory).makeExploration(environments: 1)
        exploration.state = state
        return exploration
    }

    func metadata(_ agent: any OffPolicyAgent) -> CheckpointMetadata {
        let description = agent.agentDescription
        let box = BoxSpace(dimension: Self.observationSize, lower: -1, upper: 1)
        let actions = BoxSpace(dimension: Self.actionSize, lower: -1, upper: 1)
        return CheckpointMetadata(algorithm: agent.algorithm, environment: "test", observationSize: Self.observationSize,
                                  actionSize: Self.actionSize, observationSpace: box, actionSpace: actions,
                                  rawActionSpace: actions, controlPeriodSeconds: 0.02, observationNormalization: .none,
                                  actor: description.actor, criticHiddenSizes: description.criticHiddenSizes,
                                  criticCount: description.criticCount, exploration: agent.exploration,
                                  hyperparameters: description.hyperparameters, step: 0, updates: agent.updateCount,
                                  episodes: 0, seed: 31)
    }

    /// `steps` exploratory actions for environment `environment`, an episode starting every 5 steps.
    func actions(_ exploration: any Exploration, environment: Int, steps: Int = 12, seed: UInt64 = 8) -> [[Float]] {
        var generator = SeededGenerator(seed: seed)
        var result: [[Float]] = []
        var observation = [Float](repeating: 0, count: Self.observationSize)
        var action = [Float](repeating: 0, count: Self.actionSize)
        for step in 0..<steps {
            if step % 5 == 0 { exploration.episodeStarted(environment: environment) }
            for j in 0..<Self.observationSize { observation[j] = Float(generator.uniform(-1, 1)) }
            observation.withUnsafeBufferPointer { o in
                action.withUnsafeMutableBufferPointer {
                    exploration.explore(observation: o, into: $0, environment: environment, generator: &generator)
                }
            }
            result.append(action)
        }
        return result
    }

    static let cases: [(sac: Bool, settings: ExplorationSettings)] = [
        (true, ExplorationSettings(kind: .policy)), (true, ExplorationSettings(kind: .policy, noiseInterval: 3)),
        (true, ExplorationSettings(kind: .gsde, noiseInterval: 4)), (true, ExplorationSettings(kind: .ou, sigma: 0.3)),
        (false, ExplorationSettings(kind: .gaussian, noiseInterval: 2)), (false, ExplorationSettings(kind: .gsde)),
        (false, ExplorationSettings(kind: .param, noiseInterval: 3, adaptationInterval: 2)),
    ]

    @Test(arguments: 0..<cases.count)
    func aHostedActorWithTheLearnersStateExploresAsTheLearnerDoes(index: Int) throws {
        let (sac, settings) = Self.cases[index]
        let (agent, learnerExploration) = learner(sac: sac, settings)
        let state = learnerExploration.state
        let host = try hosted(agent, state)
        let expected = actions(learnerExploration, environment: 1)
        #expect(actions(host, environment: 0) == expected, "\(settings.kind)")
        #expect(expected.joined().allSatisfy { $0 >= -1 && $0 <= 1 })
        #expect(host.state == state)
        if settings.kind != .policy {   // SAC's own σ is a statistic of the learner's last batch
            #expect(host.noiseScale == learnerExploration.noiseScale)
        }
        switch settings.kind {
        case .param: #expect(state.parameterNoiseSigma != nil && state.parameterNoiseSigma != settings.sigma)
        case .gsde: #expect(state.stateDependentSigma?.count == 8 * Self.actionSize)
        default: #expect(state == ExplorationState())
        }
    }

    /// The noise is held `noiseInterval` calls: with the observation fixed, gSDE's and the
    /// policy's own sampling repeat their action until the next draw.
    @Test func noiseIsHeldForTheIntervalAndRedrawnAtEpisodeStarts() {
        for (sac, settings) in [(true, ExplorationSettings(kind: .policy, noiseInterval: 3)),
                                (false, ExplorationSettings(kind: .gsde, noiseInterval: 3))] {
            let (_, exploration) = learner(sac: sac, settings, updates: 0)
            var generator = SeededGenerator(seed: 2)
            let observation: [Float] = [0.3, -0.2, 0.5]
            var action = [Float](repeating: 0, count: Self.actionSize)
            func next() -> [Float] {
                observation.withUnsafeBufferPointer { o in
                    action.withUnsafeMutableBufferPointer {
                        exploration.explore(observation: o, into: $0, environment: 0, generator: &generator)
                    }
                }
                return action
            }
            exploration.episodeStarted(environment: 0)
            let run = (0..<6).map { _ in next() }
            #expect(run[0] == run[1] && run[1] == run[2], "\(settings.kind)")
            #expect(run[3] == run[4] && run[4] == run[5] && run[3] != run[0], "\(settings.kind)")
            exploration.episodeStarted(environment: 0)
            #expect(next() != run[5], "\(settings.kind): a new episode draws anew")
        }
    }

    /// Parameter noise on SAC's actor (issue 9): the perturbed mean acts, σ adapts, the actor stays.
    @Test func parameterNoiseAlsoPerturbsTheSquashedGaussianActorsMean() {
        var generator = SeededGenerator(seed: 6)
        let actor = SquashedGaussianActor(observationSize: 3, actionSize: 1, hiddenSizes: [16, 16],
                                          stateDependentNoise: false, maxBatch: 32, generator: &generator)
        let exploration = actor.makeExploration(ExplorationSettings(kind: .param, sigma: 5, adaptationInterval: 1),
                                                environments: 1)
        let before = actor.network.parameters.map(\.value.values)
        let batch = randomBatch(size: 32, observationSize: 3, actionSize: 1, seed: 7)
        exploration.policyUpdated(on: batch, actorUpdated: true, generator: &generator)
        #expect(abs((exploration.noiseScale ?? 0) - 5 / 1.01) < 1e-12, "a σ of 5 moves tanh(μ) by more than δ")
        let observation: [Float] = [0.1, -0.2, 0.3]
        var perturbed: [Float] = [0], plain: [Float] = [0]
        observation.withUnsafeBufferPointer { o in
            perturbed.withUnsafeMutableBufferPointer {
                exploration.explore(observation: o, into: $0, environment: 0, generator: &generator)
            }
            plain.withUnsafeMutableBufferPointer { actor.deterministicAction(observation: o, into: $0) }
        }
        #expect(perturbed != plain && abs(perturbed[0]) <= 1)
        #expect(actor.network.parameters.map(\.value.values) == before)
    }

    @Test func stateTravelsAsJSONWithSnakeCaseKeys() throws {
        let state = ExplorationState(parameterNoiseSigma: 0.25, stateDependentSigma: [0.5, 0.125])
        let json = try JSONEncoder().encode(state)
        #expect(String(decoding: json, as: UTF8.self).contains("\"parameter_noise_sigma\":0.25"))
        #expect(try JSONDecoder().decode(ExplorationState.self, from: json) == state)
    }
}
