import Foundation
import Neural
import SteadyCore

/// Soft Actor-Critic (Haarnoja et al. 2018) with automatic entropy tuning, following
/// Stable-Baselines3's `sac.py` step for step. The whole update reads top to bottom in `update`.
///
/// Networks: a tanh-squashed Gaussian actor, two critics Q₁, Q₂ on concat(s, a) and their
/// Polyak-averaged targets. One Adam each for the actor, the critics (together) and log α.
/// Acting, exploration and checkpoints are in `SAC+OffPolicyAgent.swift`; exploration itself
/// (its own sampling, gSDE, action noise) is the actor's `makeExploration`.
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
    public internal(set) var updateCount = 0

    let actorOptimizer: Adam
    /// One Adam per critic (Adam is element-wise, so this is SB3's single critic optimizer).
    let criticOptimizers: [Adam]
    /// The configured learning rate (`configuration.learningRate`).
    public var learningRate: Double { configuration.learningRate }
    /// The actor's, the critics' and the entropy coefficient's optimizers, for a learning-rate schedule.
    public let optimizers: [Adam]
    let entropyOptimizer: Adam
    /// Samples a′ for the targets with the actor's parameters, on its own buffers.
    let actorSampler: SquashedGaussianActor
    private let worker: ParallelWorker
    /// Splits the products and loops of the update's serial parts over `worker`.
    private let splitter: WorkSplitter
    private var tasks = Tasks()
    private var current: ReplayBatch?
    /// The observations the actor's loss is taken on (the batch's, or a test's).
    var actorObservations: Matrix
    /// Each critic's loss of the last step (written by its own thread).
    let criticLosses: UnsafeMutablePointer<Float>
    private let qGradients: [Matrix]
    public var generator: SeededGenerator
    /// Standard-normal draws of the current and the next actions' samples.
    let noise: Matrix, nextNoise: Matrix
    let target: Matrix
    private let actionGradient: Matrix
    private let minimumGradients: (Matrix, Matrix)

    /// Builds the networks from `seed` (actor, then critics; targets start as copies); `worker`
    /// defaults to a new two-thread worker when there is more than one processor. `exploration`
    /// decides the actor's shape (gSDE learns a `features × actions` log σ).
    public init(observationSize: Int, actionSize: Int, configuration: SACConfiguration = SACConfiguration(),
                exploration: ExplorationSettings = .sacDefault, seed: UInt64, worker: ParallelWorker? = nil) {
        // Parameter noise perturbs a copy of the squashed actor's mean (an actor hosted by a
        // runtime explores so; the learner adapts σ to the action distance it causes).
        precondition([.policy, .gsde, .gaussian, .ou, .param].contains(exploration.kind),
                     "SAC supports --explore policy, gsde, gaussian, ou or param, not \(exploration.kind.rawValue)")
        self.configuration = configuration
        self.exploration = exploration
        var generator = SeededGenerator(seed: seed)
        let batch = configuration.batchSize, gsde = exploration.kind == .gsde
        actor = SquashedGaussianActor(observationSize: observationSize, actionSize: actionSize,
                                      hiddenSizes: configuration.hiddenSizes, activation: configuration.activation, stateDependentNoise: gsde,
                                      logStdInit: Float(exploration.logStdInit), maxBatch: batch, generator: &generator)
        critic = ContinuousCritic(count: 2, observationSize: observationSize, actionSize: actionSize,
                                  hiddenSizes: configuration.hiddenSizes, activation: configuration.activation,
                                  layerNorm: configuration.criticLayerNorm, maxBatch: batch, generator: &generator)
        criticTarget = ContinuousCritic(count: 2, observationSize: observationSize, actionSize: actionSize,
                                        hiddenSizes: configuration.hiddenSizes, activation: configuration.activation,
                                  layerNorm: configuration.criticLayerNorm, maxBatch: batch, generator: &generator)
        criticTarget.copyParameters(from: critic)
        let logAlpha = Matrix(rows: 1, columns: 1, values: [Float(log(configuration.initialEntropyCoefficient))])
        logEntropyCoefficient = Parameter(name: "log_ent_coef", role: .bias, shape: [1], value: logAlpha,
                                          gradient: Matrix(rows: 1, columns: 1))
        targetEntropy = Float(configuration.targetEntropy ?? -Double(actionSize))
        let lr = Float(configuration.learningRate)
        actorOptimizer = Adam(parameters: actor.parameters, learningRate: lr)
        criticOptimizers = critic.networks.map { Adam(parameters: $0.parameters, learningRate: lr) }
        entropyOptimizer = Adam(parameters: [logEntropyCoefficient], learningRate: lr)
        optimizers = [actorOptimizer] + criticOptimizers + [entropyOptimizer]
        let shape = actor.noiseShape(batch: batch)
        noise = Matrix(rows: shape.rows, columns: shape.columns)
        nextNoise = Matrix(rows: shape.rows, columns: shape.columns)
        target = Matrix(rows: batch, columns: 1)
        qGradients = [Matrix(rows: batch, columns: 1), Matrix(rows: batch, columns: 1)]
        actorSampler = actor.makeReplica()
        criticLosses = .allocate(capacity: 2)
        criticLosses.initialize(repeating: 0, count: 2)
        actorObservations = Matrix(rows: 1, columns: observationSize)
        self.worker = worker ?? ParallelWorker()
        splitter = WorkSplitter(worker: self.worker)
        actionGradient = Matrix(rows: batch, columns: actionSize)
        minimumGradients = (Matrix(rows: batch, columns: 1), Matrix(rows: batch, columns: 1))
        self.generator = generator.fork()
        registerTasks()
    }

    deinit { criticLosses.deallocate() }

    // MARK: - The update

    /// One gradient step on `batch`; the large products and loops of its serial parts are split over
    /// the worker's two threads.
    public func update(_ batch: ReplayBatch) -> UpdateStatistics {
        WorkSplitter.splitting(over: splitter) { step(batch) }
    }

    private func step(_ batch: ReplayBatch) -> UpdateStatistics {
        fillGaussian(noise)
        if actor.usesStateDependentNoise {
            nextNoise.copy(from: noise)          // one exploration matrix per gradient step, as SB3
        } else {
            fillGaussian(nextNoise)
        }
        let logAlpha = logEntropyCoefficient.value.baseAddress[0]
        let alpha = expf(logAlpha)               // detached: every loss of this step uses the same α
        current = batch

        // a′ ~ π(·|s′) (on the sampling replica) alongside a ~ π(·|s) (on the actor, for its loss).
        worker.run(tasks.sampleCurrent) { actorSampler.sample(batch.nextObservations, noise: nextNoise) }
        // y = r + (1 − terminated) · γ · (min_k Q̄_k(s′, a′) − α · log π(a′|s′)), one target critic per thread.
        criticTarget.setInput(observations: batch.nextObservations, actions: actorSampler.actions)
        worker.run(tasks.targetForward1) { criticTarget.forward(0) }
        computeTarget(batch, logProbability: actorSampler.logProbability, entropyCoefficient: alpha)

        // Critic loss ½ Σ_k MSE(Q_k(s, a), y) and one Adam step, one critic per thread.
        critic.setInput(observations: batch.observations, actions: batch.actions)
        worker.run(tasks.criticStep1) { criticLossAndGradients(0); criticOptimizers[0].step() }
        let criticLoss = criticLosses[0] + criticLosses[1]

        // Actor loss mean(α · log π(a|s) − min_k Q_k(s, a)) through the updated critics, then one
        // Adam step, while the other thread moves the target critics: θ̄ ← (1 − τ) θ̄ + τ θ.
        let (actorLoss, meanLogProbability) = actorLossAndGradientsFromSample(entropyCoefficient: alpha)
        worker.run(tasks.polyak) { actorOptimizer.step() }
        actorSampler.copyParameters(from: actor)

        // Entropy coefficient loss −mean(log α · (log π(a|s) + target entropy)), log π detached.
        var entropyLoss: Float?
        if configuration.learnsEntropyCoefficient {
            let meanTerm = meanLogProbability + targetEntropy
            entropyLoss = -logAlpha * meanTerm
            logEntropyCoefficient.gradient.baseAddress[0] = -meanTerm
            entropyOptimizer.step()
        }
        updateCount += 1
        return UpdateStatistics(criticLoss: criticLoss, actorLoss: actorLoss, entropyCoefficient: alpha,
                                entropyCoefficientLoss: entropyLoss)
    }

    /// y from the target critics' outputs and log π(a′|s′), into `target`.
    func computeTarget(_ batch: ReplayBatch, logProbability: Matrix, entropyCoefficient alpha: Float) {
        let n = batch.size, gamma = Float(configuration.gamma)
        let q1Next = criticTarget.networks[0].output, q2Next = criticTarget.networks[1].output
        target.setRowCount(n)
        for i in 0..<n {
            let nextValue = min(q1Next.baseAddress[i], q2Next.baseAddress[i]) - alpha * logProbability.baseAddress[i]
            target.baseAddress[i] = batch.rewards.baseAddress[i]
                + (1 - batch.terminations.baseAddress[i]) * gamma * nextValue
        }
    }

    /// Critic k's share of the critic loss on `critic.input` against `target`, with its
    /// gradients (zeroed first); the loss goes to `criticLosses[k]`.
    func criticLossAndGradients(_ k: Int) {
        criticOptimizers[k].zeroGradients()
        criticLosses[k] = 0.5 * Loss.meanSquaredError(prediction: critic.forward(k), target: target,
                                                      gradient: qGradients[k], gradientScale: 0.5)
        critic.networks[k].backward(qGradients[k], computesInputGradient: false)
    }

    /// The actor loss on the actor's last sample, through the current critics (one per thread),
    /// with the actor's gradients (zeroed first); also the mean log π for α's loss.
    func actorLossAndGradientsFromSample(entropyCoefficient alpha: Float) -> (loss: Float, meanLogProbability: Float) {
        let n = actor.actions.rows
        critic.setInput(observations: actorObservations, actions: actor.actions)
        worker.run(tasks.piForward1) { critic.forward(0) }
        let q1 = critic.networks[0].output, q2 = critic.networks[1].output
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
        worker.run(tasks.piBackward1) { critic.networks[0].backward(g1, accumulatesParameterGradients: false) }
        actionGradient.setRowCount(n)
        actionGradient.fill(0)
        addActionColumns(of: critic.networks[0].inputGradient, into: actionGradient)
        addActionColumns(of: critic.networks[1].inputGradient, into: actionGradient)
        actorOptimizer.zeroGradients()
        actor.backward(actionGradient: actionGradient, logProbabilityWeight: alpha / Float(n))
        return (actorLoss / Float(n), logProbabilitySum / Float(n))
    }

    /// The worker's half of each parallel step, registered once (indices into the worker).
    private struct Tasks {
        var sampleCurrent = 0, targetForward1 = 0, criticStep1 = 0, piForward1 = 0, piBackward1 = 0, polyak = 0
    }

    private func registerTasks() {
        tasks.sampleCurrent = worker.register { [unowned self] in
            actorObservations = current!.observations
            actor.sample(current!.observations, noise: noise)
        }
        tasks.targetForward1 = worker.register { [unowned self] in criticTarget.forward(1) }
        tasks.criticStep1 = worker.register { [unowned self] in
            criticLossAndGradients(1)
            criticOptimizers[1].step()
        }
        tasks.piForward1 = worker.register { [unowned self] in critic.forward(1) }
        tasks.piBackward1 = worker.register { [unowned self] in
            critic.networks[1].backward(minimumGradients.1, accumulatesParameterGradients: false)
        }
        tasks.polyak = worker.register { [unowned self] in
            criticTarget.polyakUpdate(from: critic, tau: Float(configuration.tau))
        }
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
