import Foundation
import Learning
import Neural
import Sim
import SteadyCore
import Testing

@Suite struct TrainingTests {
    func shortPendulumRun(seed: UInt64) throws -> (returns: [Double], tensors: [SafetensorsFile.Tensor]) {
        var configuration = SACConfiguration()
        configuration.hiddenSizes = [16, 16]
        configuration.batchSize = 32
        configuration.learningRate = 1e-3
        let agent = SAC(observationSize: 3, actionSize: 1, configuration: configuration, seed: seed)
        var settings = TrainingSettings(totalSteps: 400, seed: seed)
        settings.learningStarts = 100
        settings.evaluationInterval = 0
        settings.finalEvaluationEpisodes = 2
        let trainer = OffPolicyTrainer(agent: agent, environments: [Pendulum(seed: seed)],
                                       evaluationEnvironment: Pendulum(seed: seed &+ 1), settings: settings,
                                       runDirectory: nil)
        let result = try trainer.run()
        #expect(result.updates == 300)
        #expect(result.episodes == 2)
        return (result.evaluation.returns, agent.checkpointTensors())
    }

    @Test func sameSeedGivesIdenticalRunsAndDifferentSeedsDiffer() throws {
        let first = try shortPendulumRun(seed: 21), second = try shortPendulumRun(seed: 21)
        #expect(first.returns == second.returns)
        #expect(first.tensors == second.tensors)
        let other = try shortPendulumRun(seed: 22)
        #expect(other.returns != first.returns)
    }

    /// Trains on the one-step bandit and returns the deterministic action (optimum 0.5).
    func banditAction(_ makeAgent: (Int) -> any OffPolicyAgent, steps: Int = 800) throws -> Float {
        let agent = makeAgent(64)
        var settings = TrainingSettings(totalSteps: steps, seed: 5)
        settings.learningStarts = 64
        settings.evaluationInterval = 0
        settings.finalEvaluationEpisodes = 1
        let trainer = OffPolicyTrainer(agent: agent, environments: [BanditEnvironment()],
                                       evaluationEnvironment: BanditEnvironment(), settings: settings, runDirectory: nil)
        _ = try trainer.run()
        let observation: [Float] = [1, 0]
        var action: [Float] = [0]
        observation.withUnsafeBufferPointer { o in
            action.withUnsafeMutableBufferPointer { agent.act(observation: o, into: $0) }
        }
        return action[0]
    }

    func sac(_ exploration: ExplorationSettings) -> (Int) -> any OffPolicyAgent {
        { batch in
            var configuration = SACConfiguration()
            configuration.hiddenSizes = [32, 32]
            configuration.batchSize = batch
            configuration.learningRate = 3e-3
            return SAC(observationSize: 2, actionSize: 1, configuration: configuration, exploration: exploration, seed: 8)
        }
    }

    func td3(ddpg: Bool, _ exploration: ExplorationSettings) -> (Int) -> any OffPolicyAgent {
        { batch in
            var configuration = ddpg ? TD3Configuration.ddpg : TD3Configuration()
            configuration.hiddenSizes = [32, 32]
            configuration.batchSize = batch
            configuration.learningRate = 3e-3
            return TD3(observationSize: 2, actionSize: 1, configuration: configuration, exploration: exploration, seed: 8)
        }
    }

    @Test func sacLearnsTheBandit() throws {
        let action = try banditAction(sac(.sacDefault))
        #expect(abs(action - 0.5) < 0.15, "action \(action)")
    }

    @Test func sacWithGSDELearnsTheBanditAndItsSigma() throws {
        let action = try banditAction(sac(ExplorationSettings(kind: .gsde, noiseInterval: 8)))
        #expect(abs(action - 0.5) < 0.15, "action \(action)")
    }

    @Test func td3LearnsTheBandit() throws {
        let action = try banditAction(td3(ddpg: false, .deterministicDefault))
        #expect(abs(action - 0.5) < 0.15, "action \(action)")
    }

    @Test func ddpgWithParameterNoiseLearnsTheBandit() throws {
        let action = try banditAction(td3(ddpg: true, ExplorationSettings(kind: .param)))
        #expect(abs(action - 0.5) < 0.15, "action \(action)")
    }

    @Test func ddpgWithGSDEAndOUExplore() throws {
        for exploration in [ExplorationSettings(kind: .gsde, noiseInterval: 4), ExplorationSettings(kind: .ou, sigma: 0.5)] {
            let action = try banditAction(td3(ddpg: true, exploration))
            #expect(abs(action - 0.5) < 0.15, "\(exploration.kind): action \(action)")
        }
    }

    @Test func nonFiniteLossStopsWithTheStepAndKeepsTheLastGoodCheckpoint() throws {
        let directory = temporaryDirectory("nan")
        defer { try? FileManager.default.removeItem(at: directory) }
        let environment = BanditEnvironment()
        environment.nanRewardFromStep = 350
        let agent = td3(ddpg: true, .deterministicDefault)(32)
        var settings = TrainingSettings(totalSteps: 2_000, seed: 3)
        settings.learningStarts = 50
        settings.evaluationInterval = 100
        settings.evaluationEpisodes = 1
        let trainer = OffPolicyTrainer(agent: agent, environments: [environment], evaluationEnvironment: BanditEnvironment(),
                                       settings: settings, runDirectory: directory)
        var caught: LearningError?
        do {
            _ = try trainer.run()
        } catch let error as LearningError {
            caught = error
        }
        guard case let .nonFiniteLoss(step, loss, value, checkpoint)? = caught else {
            Issue.record("expected a non-finite loss error, got \(String(describing: caught))")
            return
        }
        #expect(step >= 350 && step < 2_000)
        #expect(loss == "critic_loss")
        #expect(!value.isFinite)
        #expect(checkpoint == directory.appendingPathComponent("policy").path)
        #expect(caught!.description.contains("step \(step)") && caught!.description.contains("critic_loss"))
        let policy = try CheckpointPolicy(directory: directory.appendingPathComponent("policy"))
        #expect(policy.metadata.step <= step && policy.metadata.step >= 300)
        let (_, file) = try Checkpoint.read(from: directory.appendingPathComponent("policy"))
        #expect(file.tensors.allSatisfy { $0.values.allSatisfy(\.isFinite) })
    }
}
