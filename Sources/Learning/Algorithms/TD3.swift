import Foundation
import Neural
import SteadyCore

/// Twin Delayed DDPG (Fujimoto et al. 2018), following Stable-Baselines3's `td3.py`; DDPG is
/// the same update with `TD3Configuration.ddpg` (one critic, policy delay 1, no smoothing).
/// The whole update reads top to bottom in `update`.
///
/// Acting, exploration and checkpoints are in `TD3+OffPolicyAgent.swift`. Exploration, chosen by
/// `ExplorationSettings`, is the actor's `makeExploration`: Gaussian or OU action noise, adaptive
/// parameter noise (the actor then has a LayerNorm after each hidden Linear), or gSDE with a
/// σ scheduled to the features (`StateDependentExploration`).
public final class TD3: OffPolicyAgent {
    public var algorithm: String { configuration.isDDPG ? "ddpg" : "td3" }
    /// The hyperparameters.
    public let configuration: TD3Configuration
    public let exploration: ExplorationSettings
    /// μ(s), tanh output; LayerNorm after each hidden Linear with parameter noise.
    public let actor: DeterministicActor
    /// Its Polyak-averaged target.
    public let actorTarget: DeterministicActor
    /// Q₁ (… Q_n).
    public let critic: ContinuousCritic
    /// Their Polyak-averaged targets.
    public let criticTarget: ContinuousCritic
    public internal(set) var updateCount = 0

    let actorOptimizer: Adam
    /// One Adam per critic (Adam is element-wise, so this is SB3's single critic optimizer).
    let criticOptimizers: [Adam]
    /// The configured learning rate (`configuration.learningRate`).
    public var learningRate: Double { configuration.learningRate }
    /// The actor's and the critics' optimizers, for a learning-rate schedule.
    public let optimizers: [Adam]
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
    let target: Matrix
    private let smoothing: Matrix, actionGradient: Matrix

    /// Builds the networks from `seed` (actor, critics; targets start as copies); `worker`
    /// defaults to a new two-thread worker when there is more than one processor. `exploration`
    /// decides the actor's shape (LayerNorm for parameter noise).
    public init(observationSize: Int, actionSize: Int, configuration: TD3Configuration = TD3Configuration(),
                exploration: ExplorationSettings = .deterministicDefault, seed: UInt64, worker: ParallelWorker? = nil) {
        precondition(exploration.kind != .policy, "TD3/DDPG need action noise, param or gsde exploration")
        precondition(configuration.criticCount >= 1 && configuration.policyDelay >= 1, "TD3: invalid configuration")
        self.configuration = configuration
        self.exploration = exploration
        var generator = SeededGenerator(seed: seed)
        let batch = configuration.batchSize, hidden = configuration.hiddenSizes
        let layerNorm = exploration.actorLayerNorm
        actor = DeterministicActor(observationSize: observationSize, actionSize: actionSize, hiddenSizes: hidden,
                                   layerNorm: layerNorm, activation: configuration.activation, maxBatch: batch, generator: &generator)
        actorTarget = actor.makeReplica()
        critic = ContinuousCritic(count: configuration.criticCount, observationSize: observationSize,
                                  actionSize: actionSize, hiddenSizes: hidden, activation: configuration.activation,
                                  layerNorm: configuration.criticLayerNorm, maxBatch: batch, generator: &generator)
        criticTarget = ContinuousCritic(count: configuration.criticCount, observationSize: observationSize,
                                        actionSize: actionSize, hiddenSizes: hidden, activation: configuration.activation,
                                        layerNorm: configuration.criticLayerNorm, maxBatch: batch,
                                        generator: &generator)
        criticTarget.copyParameters(from: critic)
        let lr = Float(configuration.learningRate)
        actorOptimizer = Adam(parameters: actor.network.parameters, learningRate: lr)
        criticOptimizers = critic.networks.map { Adam(parameters: $0.parameters, learningRate: lr) }
        optimizers = [actorOptimizer] + criticOptimizers
        target = Matrix(rows: batch, columns: 1)
        smoothing = Matrix(rows: batch, columns: actionSize)
        qGradients = critic.networks.map { _ in Matrix(rows: batch, columns: 1) }
        criticLosses = .allocate(capacity: configuration.criticCount)
        criticLosses.initialize(repeating: 0, count: configuration.criticCount)
        actorObservations = Matrix(rows: 1, columns: observationSize)
        self.worker = worker ?? ParallelWorker()
        splitter = WorkSplitter(worker: self.worker)
        actionGradient = Matrix(rows: batch, columns: actionSize)
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
        updateCount += 1
        let updatesActor = updateCount % configuration.policyDelay == 0
        let twin = critic.networks.count == 2
        current = batch

        // Smoothed next actions from the target actor, alongside μ(s) for the actor's loss.
        if updatesActor {
            worker.run(tasks.actorForward) { targetPolicyActions(batch) }
        } else {
            targetPolicyActions(batch)
        }
        // y = r + (1 − terminated) · γ · min_k Q̄_k(s′, ã′), one target critic per thread.
        if twin { worker.run(tasks.targetForward1) { criticTarget.forward(0) } } else { criticTarget.forward(0) }
        computeTarget(batch)

        // Critic loss Σ_k MSE(Q_k(s, a), y) and one Adam step, one critic per thread.
        critic.setInput(observations: batch.observations, actions: batch.actions)
        if twin {
            worker.run(tasks.criticStep1) { criticLossAndGradients(0); criticOptimizers[0].step() }
        } else {
            criticLossAndGradients(0)
            criticOptimizers[0].step()
        }
        let criticLoss = twin ? criticLosses[0] + criticLosses[1] : criticLosses[0]

        // Every `policyDelay` updates: actor loss −mean Q₁(s, μ(s)) and its Adam step while the
        // other thread moves the target critics, then the target actor; θ̄ ← (1 − τ) θ̄ + τ θ.
        var actorLoss: Float?
        if updatesActor {
            actorLoss = actorLossAndGradientsFromForward()
            worker.run(tasks.polyak) { actorOptimizer.step() }
            actorTarget.network.polyakUpdate(from: actor.network, tau: Float(configuration.tau))
        }
        return UpdateStatistics(criticLoss: criticLoss, actorLoss: actorLoss)
    }

    /// ã′ = clip(μ̄(s′) + clip(ε, ±c), −1, 1), ε ~ N(0, σ²), written into the target critics' input.
    func targetPolicyActions(_ batch: ReplayBatch) {
        let n = batch.size, a = actionSize
        let nextActions = actorTarget.forward(batch.nextObservations)
        smoothing.setRowCount(n)
        let sigma = configuration.targetPolicyNoise, clip = Float(configuration.targetNoiseClip)
        for i in 0..<(n * a) {
            let epsilon = sigma > 0 ? min(max(Float(sigma * generator.gaussian()), -clip), clip) : 0
            smoothing.baseAddress[i] = min(max(nextActions.baseAddress[i] + epsilon, -1), 1)
        }
        criticTarget.setInput(observations: batch.nextObservations, actions: smoothing)
    }

    /// y from the target critics' outputs, into `target`.
    func computeTarget(_ batch: ReplayBatch) {
        let n = batch.size, gamma = Float(configuration.gamma)
        target.setRowCount(n)
        for i in 0..<n { target.baseAddress[i] = .infinity }
        for network in criticTarget.networks {
            let q = network.output
            for i in 0..<n { target.baseAddress[i] = min(target.baseAddress[i], q.baseAddress[i]) }
        }
        for i in 0..<n {
            target.baseAddress[i] = batch.rewards.baseAddress[i]
                + (1 - batch.terminations.baseAddress[i]) * gamma * target.baseAddress[i]
        }
    }

    /// Critic k's MSE on `critic.input` against `target`, with its gradients (zeroed first),
    /// into `criticLosses[k]`.
    func criticLossAndGradients(_ k: Int) {
        criticOptimizers[k].zeroGradients()
        criticLosses[k] = Loss.meanSquaredError(prediction: critic.forward(k), target: target, gradient: qGradients[k])
        critic.networks[k].backward(qGradients[k], computesInputGradient: false)
    }

    /// The actor loss −mean Q₁(s, μ(s)) on the actor's last forward, with its gradients (zeroed first).
    func actorLossAndGradientsFromForward() -> Float {
        let actions = actor.network.output, n = actions.rows, a = actionSize
        critic.setInput(observations: actorObservations, actions: actions)
        let q = critic.forward(0)
        var actorLoss: Float = 0
        let gradient = qGradients[0]
        gradient.setRowCount(n)
        for i in 0..<n {
            actorLoss -= q.baseAddress[i]
            gradient.baseAddress[i] = -1 / Float(n)
        }
        let inputGradient = critic.networks[0].backward(gradient, accumulatesParameterGradients: false)!
        actionGradient.setRowCount(n)
        let o = observationSize, width = inputGradient.columns
        for row in 0..<n {
            for j in 0..<a { actionGradient.baseAddress[row * a + j] = inputGradient.baseAddress[row * width + o + j] }
        }
        actorOptimizer.zeroGradients()
        actor.backward(actionGradient)
        return actorLoss / Float(n)
    }

    /// The worker's half of each parallel step, registered once.
    private struct Tasks {
        var actorForward = 0, targetForward1 = 0, criticStep1 = 0, polyak = 0
    }

    private func registerTasks() {
        tasks.actorForward = worker.register { [unowned self] in
            actorObservations = current!.observations
            actor.forward(current!.observations)
        }
        tasks.targetForward1 = worker.register { [unowned self] in criticTarget.forward(1) }
        tasks.criticStep1 = worker.register { [unowned self] in
            criticLossAndGradients(1)
            criticOptimizers[1].step()
        }
        tasks.polyak = worker.register { [unowned self] in
            criticTarget.polyakUpdate(from: critic, tau: Float(configuration.tau))
        }
    }
}
