import Neural
import SteadyCore

/// What the off-policy training loop needs of an algorithm (SAC, TD3, DDPG): gradient updates
/// on replay batches, its actor's deterministic action and the exploration around that actor,
/// and every network for the checkpoint.
///
/// Exploration is not the algorithm's: `makeExploration` hands out the one `Exploration` the
/// trainer and a policy hosted elsewhere both call. It draws from the agent's `generator`, the
/// stream the update's own noise comes from, so that one seed fixes a whole run.
public protocol OffPolicyAgent: AnyObject {
    /// The algorithm's name as stored in checkpoints: `sac`, `td3` or `ddpg`.
    var algorithm: String { get }
    /// Floats per observation.
    var observationSize: Int { get }
    /// Action dimension (normalized actions in [−1, 1]).
    var actionSize: Int { get }
    /// The exploration its actor was built for.
    var exploration: ExplorationSettings { get }

    /// Transitions per update.
    var batchSize: Int { get }
    /// Gradient updates done so far.
    var updateCount: Int { get }
    /// The agent's random stream: the update's noise (SAC's reparameterization, TD3's target
    /// smoothing) and the exploration the trainer runs beside it draw from it in turn.
    var generator: SeededGenerator { get set }
    /// One gradient update on `batch`.
    /// - Important: Allocates nothing.
    func update(_ batch: ReplayBatch) -> UpdateStatistics
    /// SAC's entropy coefficient α now; nil for other algorithms.
    var entropyCoefficient: Double? { get }
    /// The configured (initial) learning rate of every optimizer.
    var learningRate: Double { get }
    /// Every optimizer the update steps (actor, critics, and SAC's entropy coefficient).
    var optimizers: [Adam] { get }

    /// Writes the deterministic action for an observation. Allocates nothing.
    func act(observation: UnsafeBufferPointer<Float>, into action: UnsafeMutableBufferPointer<Float>)
    /// The exploration `exploration` asks for, around this agent's actor, for `environments`
    /// environments; call its `policyUpdated` after every `update`.
    func makeExploration(environments: Int) -> any Exploration

    /// The shapes of the networks and the hyperparameters, for the checkpoint's metadata.
    var agentDescription: AgentDescription { get }
    /// Every tensor of the agent (actor, critics, targets, α), named for the checkpoint.
    func checkpointTensors() -> [SafetensorsFile.Tensor]
    /// The optimizers' state and the update count, for a checkpoint a run resumes from.
    func optimizerTensors() -> [SafetensorsFile.Tensor]
    /// Loads the networks (and with `optimizers`, the optimizer state) of a checkpoint written
    /// from `checkpointTensors()` (+ `optimizerTensors()`).
    func restore(from file: SafetensorsFile, optimizers: Bool) throws
}

extension OffPolicyAgent {
    /// Sets every optimizer's learning rate to `scale` × the configured one (a schedule's
    /// value, SB3's `_update_learning_rate`, which covers SAC's entropy optimizer too).
    public func scaleLearningRate(by scale: Double) {
        for optimizer in optimizers { optimizer.learningRate = Float(learningRate * scale) }
    }
}
