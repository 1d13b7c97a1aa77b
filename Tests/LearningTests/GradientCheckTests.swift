@testable import Learning
import Neural
import SteadyCore
import Testing

/// Finite-difference checks of the full SAC and TD3 losses: every parameter of a small actor
/// and critic is perturbed, the scalar loss recomputed with the same noise, and the central
/// difference compared with back-propagation (Float32, h = 2e-3, tolerance 2e-3 + 2 %).
/// Tanh hidden layers keep the losses smooth where the differences are taken.
@Suite struct GradientCheckTests {
    static let observationSize = 3, actionSize = 2, batchSize = 8

    func sac(gsde: Bool, seed: UInt64) -> SAC {
        var configuration = SACConfiguration()
        configuration.hiddenSizes = [6, 5]
        configuration.activation = .tanh
        configuration.batchSize = Self.batchSize
        // gSDE starts from log σ = −1 so the state-dependent variance matters in the check.
        let exploration = gsde ? ExplorationSettings(kind: .gsde, logStdInit: -1) : .sacDefault
        return SAC(observationSize: Self.observationSize, actionSize: Self.actionSize, configuration: configuration,
                   exploration: exploration, seed: seed)
    }

    @Test(arguments: [false, true])
    func sacCriticLoss(gsde: Bool) {
        let agent = sac(gsde: gsde, seed: 3)
        let batch = randomBatch(size: Self.batchSize, observationSize: Self.observationSize,
                                actionSize: Self.actionSize, seed: 4)
        agent.fillGaussian(agent.nextNoise)
        agent.computeTarget(batch, noise: agent.nextNoise, entropyCoefficient: 0.3)
        _ = agent.criticLossAndGradients(batch)
        let bad = gradientMismatches(parameters: agent.critic.parameters) { agent.criticLossAndGradients(batch) }
        #expect(bad.isEmpty, "\(bad.count) mismatches: \(bad.prefix(5))")
    }

    /// The actor loss mean(α log π − min Q): tanh squash, its log-probability correction, the
    /// entropy term, the clamped log σ head (plain) or the learned log σ through z(s) (gSDE).
    @Test(arguments: [false, true])
    func sacActorLoss(gsde: Bool) {
        let agent = sac(gsde: gsde, seed: 5)
        let batch = randomBatch(size: Self.batchSize, observationSize: Self.observationSize,
                                actionSize: Self.actionSize, seed: 6)
        agent.fillGaussian(agent.noise)
        let alpha: Float = 0.7
        _ = agent.actorLossAndGradients(batch.observations, noise: agent.noise, entropyCoefficient: alpha)
        let parameters = agent.actor.parameters
        #expect(parameters.contains { $0.name == "log_std" } == gsde)
        let bad = gradientMismatches(parameters: parameters) {
            agent.actorLossAndGradients(batch.observations, noise: agent.noise, entropyCoefficient: alpha).loss
        }
        #expect(bad.isEmpty, "\(bad.count) mismatches: \(bad.prefix(5))")
        if gsde {
            let logStdGradient = agent.actor.logStd.gradient.values
            #expect(logStdGradient.contains { abs($0) > 1e-4 }, "gSDE's log σ gets a gradient")
        }
    }

    /// The entropy-coefficient loss −log α · (mean log π + target) has gradient −(mean log π + target).
    @Test func sacEntropyCoefficientStep() {
        let agent = sac(gsde: false, seed: 7)
        let batch = randomBatch(size: Self.batchSize, observationSize: Self.observationSize,
                                actionSize: Self.actionSize, seed: 8)
        let before = agent.logEntropyCoefficient.value[0, 0]
        let statistics = agent.update(batch)
        let after = agent.logEntropyCoefficient.value[0, 0]
        // Adam's first step moves by lr against the gradient's sign.
        let gradient = agent.logEntropyCoefficient.gradient[0, 0]
        #expect(abs(abs(after - before) - Float(agent.configuration.learningRate)) < 1e-6)
        #expect((after - before) * gradient < 0)
        #expect(statistics.entropyCoefficient == 1)
        #expect(agent.targetEntropy == -Float(Self.actionSize))
    }

    func td3(ddpg: Bool, seed: UInt64) -> TD3 {
        var configuration = ddpg ? TD3Configuration.ddpg : TD3Configuration()
        configuration.hiddenSizes = [6, 5]
        configuration.activation = .tanh
        configuration.batchSize = Self.batchSize
        return TD3(observationSize: Self.observationSize, actionSize: Self.actionSize, configuration: configuration,
                   seed: seed)
    }

    @Test(arguments: [false, true])
    func td3CriticLoss(ddpg: Bool) {
        let agent = td3(ddpg: ddpg, seed: 9)
        let batch = randomBatch(size: Self.batchSize, observationSize: Self.observationSize,
                                actionSize: Self.actionSize, seed: 10)
        agent.computeTarget(smoothingFrom: batch)
        _ = agent.criticLossAndGradients(batch)
        let bad = gradientMismatches(parameters: agent.critic.parameters) { agent.criticLossAndGradients(batch) }
        #expect(bad.isEmpty, "\(bad.count) mismatches: \(bad.prefix(5))")
    }

    @Test(arguments: [false, true])
    func td3ActorLoss(ddpg: Bool) {
        let agent = td3(ddpg: ddpg, seed: 11)
        let batch = randomBatch(size: Self.batchSize, observationSize: Self.observationSize,
                                actionSize: Self.actionSize, seed: 12)
        _ = agent.actorLossAndGradients(batch.observations)
        let bad = gradientMismatches(parameters: agent.actor.network.parameters) {
            agent.actorLossAndGradients(batch.observations)
        }
        #expect(bad.isEmpty, "\(bad.count) mismatches: \(bad.prefix(5))")
    }
}
