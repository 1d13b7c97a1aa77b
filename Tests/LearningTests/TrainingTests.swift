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
        try banditAction(of: makeAgent(64), steps: steps)
    }

    /// Trains `agent` on the one-step bandit and returns its deterministic action.
    func banditAction(of agent: any OffPolicyAgent, steps: Int = 800) throws -> Float {
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

    /// The entropy of a gSDE actor's action at `observation`, estimated from `draws` samples,
    /// each with a fresh exploration matrix: −mean log π(a|s).
    func gsdeEntropy(_ actor: SquashedGaussianActor, observation: [Float], draws: Int = 2000) -> Double {
        var generator = SeededGenerator(seed: 99)
        let observations = Matrix(rows: 1, columns: observation.count, values: observation)
        let shape = actor.noiseShape(batch: 1)
        let noise = Matrix(rows: shape.rows, columns: shape.columns)
        var sum = 0.0
        for _ in 0..<draws {
            for i in 0..<noise.count { noise.baseAddress[i] = Float(generator.gaussian()) }
            actor.sample(observations, noise: noise)
            sum -= Double(actor.logProbability.baseAddress[0])
        }
        return sum / Double(draws)
    }

    /// gSDE's σ of the action at `observation`: √(Σᵢ zᵢ(s)² σᵢ²), the standard deviation of the
    /// pre-squash action z(s)·E over exploration matrices E.
    func gsdeSigma(_ actor: SquashedGaussianActor, observation: [Float]) -> Double {
        var mean: [Float] = [0]
        var features = [Float](repeating: 0, count: actor.featureSize)
        observation.withUnsafeBufferPointer { o in
            mean.withUnsafeMutableBufferPointer { m in
                features.withUnsafeMutableBufferPointer { actor.stateDependentMean(observation: o, into: m, features: $0) }
            }
        }
        let logStd = actor.logStd.value.values
        return zip(features, logStd).reduce(0.0) { $0 + Double($1.0 * $1.0) * exp(2 * Double($1.1)) }.squareRoot()
    }

    /// SAC learns gSDE's σ: its entropy coefficient pushes the policy's entropy toward the target
    /// (−1 for one action). At the bandit's optimum, tanh(μ) = 0.5, a tanh-Gaussian has entropy −1
    /// when its σ is about 0.12 (½ ln(2πeσ²) + ln(1 − 0.5²) = −1). Started with σ(s) ten times too
    /// wide (log σ 0) or forty times too narrow (log σ −6), σ(s) ends within 2.5× of 0.12 and the
    /// entropy near the target, with the action at the optimum.
    @Test(arguments: [0.0, -6.0])
    func sacWithGSDELearnsTheBanditAndItsSigma(logStdInit: Double) throws {
        let agent = try #require(sac(ExplorationSettings(kind: .gsde, noiseInterval: 8, logStdInit: logStdInit))(64) as? SAC)
        let state: [Float] = [1, 0]
        let sigmaBefore = gsdeSigma(agent.actor, observation: state), entropyBefore = gsdeEntropy(agent.actor, observation: state)
        let action = try banditAction(of: agent, steps: 3000)
        let sigma = gsdeSigma(agent.actor, observation: state), entropy = gsdeEntropy(agent.actor, observation: state)
        print("SAC gSDE, log σ init \(logStdInit): σ(s) \(sigmaBefore) → \(sigma), entropy \(entropyBefore) → \(entropy) "
              + "(target \(agent.targetEntropy)), action \(action)")
        let band = 0.12 / 2.5...0.12 * 2.5
        #expect(!band.contains(sigmaBefore), "the start is far from the target: \(sigmaBefore)")
        #expect(band.contains(sigma), "σ(s) \(sigmaBefore) → \(sigma)")
        #expect(abs(entropy - Double(agent.targetEntropy)) < 0.75, "entropy \(entropyBefore) → \(entropy), target \(agent.targetEntropy)")
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
