import Foundation
import Neural
import SteadyCore

/// Soft Actor-Critic (Haarnoja et al. 2018) with automatic entropy tuning, following
/// Stable-Baselines3's `sac.py` step for step. The whole update reads top to bottom in `update`.
///
/// Networks: a tanh-squashed Gaussian actor, two critics Q₁, Q₂ on concat(s, a) and their
/// Polyak-averaged targets. One Adam each for the actor, the critics (together) and log α.
public final class SAC: OffPolicyAgent {
    public let algorithm = "sac"
    /// The hyperparameters.
    public let configuration: SACConfiguration
    public let exploration: ExplorationSettings
    /// The policy.
    public let actor: SquashedGaussianActor
    /// Q₁ and Q₂.
    public let critic: ContinuousCritic
    /// Their Polyak-averaged targets.
    public let criticTarget: ContinuousCritic
    /// log α, a 1 × 1 parameter optimized by its own Adam.
    public let logEntropyCoefficient: Parameter
    /// −|A| unless configured.
    public let targetEntropy: Float
    public private(set) var updateCount = 0

    let actorOptimizer: Adam
    let criticOptimizer: Adam
    let entropyOptimizer: Adam
    var generator: SeededGenerator
    private let stateDependentNoise: StateDependentNoise?
    private let actionNoise: ActionNoiseExploration?
    let noise: Matrix, nextNoise: Matrix
    let target: Matrix
    private let qGradient: Matrix, actionGradient: Matrix
    private let minimumGradients: (Matrix, Matrix)

    /// Builds the networks from `seed` (actor, then critics; targets start as copies).
    public init(observationSize: Int, actionSize: Int, configuration: SACConfiguration = SACConfiguration(),
                exploration: ExplorationSettings = .sacDefault, environments: Int = 1, seed: UInt64) {
        precondition([.policy, .gsde, .gaussian, .ou].contains(exploration.kind),
                     "SAC supports --explore policy, gsde, gaussian or ou, not \(exploration.kind.rawValue)")
        self.configuration = configuration
        self.exploration = exploration
        var generator = SeededGenerator(seed: seed)
        let batch = configuration.batchSize, gsde = exploration.kind == .gsde
        actor = SquashedGaussianActor(observationSize: observationSize, actionSize: actionSize,
                                      hiddenSizes: configuration.hiddenSizes, activation: configuration.activation, stateDependentNoise: gsde,
                                      logStdInit: Float(exploration.logStdInit), maxBatch: batch, generator: &generator)
        critic = ContinuousCritic(count: 2, observationSize: observationSize, actionSize: actionSize,
                                  hiddenSizes: configuration.hiddenSizes, activation: configuration.activation, maxBatch: batch,
                                  generator: &generator)
        criticTarget = ContinuousCritic(count: 2, observationSize: observationSize, actionSize: actionSize,
                                        hiddenSizes: configuration.hiddenSizes, activation: configuration.activation, maxBatch: batch,
                                  generator: &generator)
        criticTarget.copyParameters(from: critic)
        let logAlpha = Matrix(rows: 1, columns: 1, values: [Float(log(configuration.initialEntropyCoefficient))])
        logEntropyCoefficient = Parameter(name: "log_ent_coef", role: .bias, shape: [1], value: logAlpha,
                                          gradient: Matrix(rows: 1, columns: 1))
        targetEntropy = Float(configuration.targetEntropy ?? -Double(actionSize))
        let lr = Float(configuration.learningRate)
        actorOptimizer = Adam(parameters: actor.parameters, learningRate: lr)
        criticOptimizer = Adam(parameters: critic.parameters, learningRate: lr)
        entropyOptimizer = Adam(parameters: [logEntropyCoefficient], learningRate: lr)
        stateDependentNoise = gsde ? StateDependentNoise(featureSize: actor.featureSize, actionSize: actionSize,
                                                         environments: environments,
                                                         interval: exploration.noiseInterval) : nil
        actionNoise = (exploration.kind == .gaussian || exploration.kind == .ou)
            ? ActionNoiseExploration(settings: exploration, actionSize: actionSize, environments: environments) : nil
        let shape = actor.noiseShape(batch: batch)
        noise = Matrix(rows: shape.rows, columns: shape.columns)
        nextNoise = Matrix(rows: shape.rows, columns: shape.columns)
        target = Matrix(rows: batch, columns: 1)
        qGradient = Matrix(rows: batch, columns: 1)
        actionGradient = Matrix(rows: batch, columns: actionSize)
        minimumGradients = (Matrix(rows: batch, columns: 1), Matrix(rows: batch, columns: 1))
        self.generator = generator.fork()
    }

    public var observationSize: Int { actor.observationSize }
    public var actionSize: Int { actor.actionSize }
    public var batchSize: Int { configuration.batchSize }

    /// α = exp(log α).
    public var entropyCoefficient: Double? { Double(expf(logEntropyCoefficient.value.baseAddress[0])) }

    // MARK: - The update

    public func update(_ batch: ReplayBatch) -> UpdateStatistics {
        fillGaussian(noise)
        if actor.usesStateDependentNoise {
            nextNoise.copy(from: noise)          // one exploration matrix per gradient step, as SB3
        } else {
            fillGaussian(nextNoise)
        }
        let logAlpha = logEntropyCoefficient.value.baseAddress[0]
        let alpha = expf(logAlpha)               // detached: every loss of this step uses the same α

        computeTarget(batch, noise: nextNoise, entropyCoefficient: alpha)
        let criticLoss = criticLossAndGradients(batch)
        criticOptimizer.step()
        let (actorLoss, meanLogProbability) = actorLossAndGradients(batch.observations, noise: noise,
                                                                    entropyCoefficient: alpha)
        actorOptimizer.step()

        // Entropy coefficient loss −mean(log α · (log π(a|s) + target entropy)), log π detached.
        var entropyLoss: Float?
        if configuration.learnsEntropyCoefficient {
            let meanTerm = meanLogProbability + targetEntropy
            entropyLoss = -logAlpha * meanTerm
            logEntropyCoefficient.gradient.baseAddress[0] = -meanTerm
            entropyOptimizer.step()
        }

        // Targets track the critics: θ̄ ← (1 − τ) θ̄ + τ θ.
        criticTarget.polyakUpdate(from: critic, tau: Float(configuration.tau))
        updateCount += 1
        return UpdateStatistics(criticLoss: criticLoss, actorLoss: actorLoss, entropyCoefficient: alpha,
                                entropyCoefficientLoss: entropyLoss)
    }

    /// y = r + (1 − terminated) · γ · (min_k Q̄_k(s′, a′) − α · log π(a′|s′)), a′ ~ π(·|s′), into `target`.
    func computeTarget(_ batch: ReplayBatch, noise: Matrix, entropyCoefficient alpha: Float) {
        let n = batch.size, gamma = Float(configuration.gamma)
        actor.sample(batch.nextObservations, noise: noise)
        criticTarget.setInput(observations: batch.nextObservations, actions: actor.actions)
        let q1Next = criticTarget.forward(0), q2Next = criticTarget.forward(1)
        target.setRowCount(n)
        for i in 0..<n {
            let nextValue = min(q1Next.baseAddress[i], q2Next.baseAddress[i])
                - alpha * actor.logProbability.baseAddress[i]
            target.baseAddress[i] = batch.rewards.baseAddress[i]
                + (1 - batch.terminations.baseAddress[i]) * gamma * nextValue
        }
    }

    /// The critic loss ½ Σ_k MSE(Q_k(s, a), y), its gradients (zeroed first) in the critics.
    func criticLossAndGradients(_ batch: ReplayBatch) -> Float {
        critic.setInput(observations: batch.observations, actions: batch.actions)
        criticOptimizer.zeroGradients()
        var criticLoss: Float = 0
        for k in 0..<2 {
            let q = critic.forward(k)
            criticLoss += 0.5 * Loss.meanSquaredError(prediction: q, target: target, gradient: qGradient,
                                                      gradientScale: 0.5)
            critic.networks[k].backward(qGradient, computesInputGradient: false)
        }
        return criticLoss
    }

    /// The actor loss mean(α · log π(a|s) − min_k Q_k(s, a)), a ~ π(·|s) through the current
    /// critics, its gradients (zeroed first) in the actor; also the mean log π for α's loss.
    func actorLossAndGradients(_ observations: Matrix, noise: Matrix,
                               entropyCoefficient alpha: Float) -> (loss: Float, meanLogProbability: Float) {
        let n = observations.rows
        actor.sample(observations, noise: noise)
        critic.setInput(observations: observations, actions: actor.actions)
        let q1 = critic.forward(0), q2 = critic.forward(1)
        let (g1, g2) = minimumGradients
        g1.setRowCount(n)
        g2.setRowCount(n)
        var actorLoss: Float = 0, logProbabilitySum: Float = 0
        for i in 0..<n {
            // The gradient of the minimum flows to the smaller critic only (the first on ties).
            let first = q1.baseAddress[i] <= q2.baseAddress[i]
            let minimum = first ? q1.baseAddress[i] : q2.baseAddress[i]
            let logProbability = actor.logProbability.baseAddress[i]
            actorLoss += alpha * logProbability - minimum
            logProbabilitySum += logProbability
            g1.baseAddress[i] = first ? -1 / Float(n) : 0
            g2.baseAddress[i] = first ? 0 : -1 / Float(n)
        }
        actionGradient.setRowCount(n)
        actionGradient.fill(0)
        addActionColumns(of: critic.networks[0].backward(g1, accumulatesParameterGradients: false)!, into: actionGradient)
        addActionColumns(of: critic.networks[1].backward(g2, accumulatesParameterGradients: false)!, into: actionGradient)
        actorOptimizer.zeroGradients()
        actor.backward(actionGradient: actionGradient, logProbabilityWeight: alpha / Float(n))
        return (actorLoss / Float(n), logProbabilitySum / Float(n))
    }

    // MARK: - Acting

    public func explore(observation: UnsafeBufferPointer<Float>, into action: UnsafeMutableBufferPointer<Float>,
                        environment: Int) {
        actor.explore(observation: observation, into: action, stateDependentNoise: stateDependentNoise,
                      environment: environment, generator: &generator)
        actionNoise?.perturb(action, environment: environment, generator: &generator)
    }

    public func episodeStarted(environment: Int) {
        stateDependentNoise?.episodeStarted(environment: environment)
        actionNoise?.episodeStarted(environment: environment)
    }

    public func act(observation: UnsafeBufferPointer<Float>, into action: UnsafeMutableBufferPointer<Float>) {
        actor.deterministicAction(observation: observation, into: action)
    }

    public var explorationSigma: Double? {
        switch exploration.kind {
        case .gsde, .policy: return actor.meanSigma
        default: return actionNoise?.sigma
        }
    }

    // MARK: - Checkpoints and costs

    public var actorDescription: ActorDescription {
        ActorDescription(kind: .squashedGaussian, hiddenSizes: configuration.hiddenSizes, activation: configuration.activation,
                         layerNorm: false, stateDependentNoise: actor.usesStateDependentNoise)
    }

    public var criticHiddenSizes: [Int] { configuration.hiddenSizes }
    public var criticCount: Int { 2 }
    public var hyperparameters: [String: Double] {
        ["learning_rate": configuration.learningRate, "batch_size": Double(configuration.batchSize),
         "tau": configuration.tau, "gamma": configuration.gamma, "target_entropy": Double(targetEntropy),
         "initial_ent_coef": configuration.initialEntropyCoefficient,
         "learns_ent_coef": configuration.learnsEntropyCoefficient ? 1 : 0]
    }

    public func checkpointTensors() -> [SafetensorsFile.Tensor] {
        var tensors = actor.network.tensors(prefix: "actor.")
        if actor.usesStateDependentNoise {
            tensors.append(.init(name: "actor.log_std", shape: actor.logStd.shape, values: actor.logStd.value.values))
        }
        tensors += critic.tensors(prefix: "critic.") + criticTarget.tensors(prefix: "critic_target.")
        tensors.append(.init(name: "log_ent_coef", shape: [1], values: logEntropyCoefficient.value.values))
        return tensors
    }

    public var parametersAreFinite: Bool {
        Self.finite(actor.parameters + critic.parameters + criticTarget.parameters + [logEntropyCoefficient])
    }

    public var floatingPointOperationsPerUpdate: Double {
        let b = batchSize, q = critic.networks[0], pi = actor.network
        return 2 * UpdateCost.forward(pi, batch: b)                                       // a′ and a
            + 2 * UpdateCost.forward(q, batch: b)                                         // targets
            + 2 * (UpdateCost.forward(q, batch: b) + UpdateCost.backward(q, batch: b, parameters: true, input: false))
            + 2 * (UpdateCost.forward(q, batch: b) + UpdateCost.backward(q, batch: b, parameters: false, input: true))
            + UpdateCost.backward(pi, batch: b, parameters: true, input: false)
    }

    // MARK: - Helpers

    func fillGaussian(_ matrix: Matrix) {
        let p = matrix.baseAddress
        for i in 0..<(matrix.rowCapacity * matrix.columns) { p[i] = Float(generator.gaussian()) }
    }

    /// actionGradient += the action columns of a critic's input gradient.
    private func addActionColumns(of inputGradient: Matrix, into actionGradient: Matrix) {
        let o = observationSize, a = actionSize, width = inputGradient.columns
        for row in 0..<actionGradient.rows {
            for j in 0..<a { actionGradient.baseAddress[row * a + j] += inputGradient.baseAddress[row * width + o + j] }
        }
    }
}
