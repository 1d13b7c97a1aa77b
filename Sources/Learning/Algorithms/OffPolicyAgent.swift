import Neural
import SteadyCore

/// What the off-policy training loop needs of an algorithm (SAC, TD3, DDPG): exploratory and
/// deterministic actions, one gradient update on a replay batch, and its checkpoint.
public protocol OffPolicyAgent: AnyObject {
    /// The algorithm's name as stored in checkpoints: `sac`, `td3` or `ddpg`.
    var algorithm: String { get }
    /// Floats per observation.
    var observationSize: Int { get }
    /// Action dimension (normalized actions in [−1, 1]).
    var actionSize: Int { get }
    /// Transitions per update.
    var batchSize: Int { get }
    /// Gradient updates done so far.
    var updateCount: Int { get }
    /// The exploration in use.
    var exploration: ExplorationSettings { get }
    /// The actor's shape, for checkpoints and `CheckpointPolicy`.
    var actorDescription: ActorDescription { get }

    /// Writes the exploratory action for `environment`'s observation, clipped to [−1, 1].
    /// - Important: Allocates nothing.
    func explore(observation: UnsafeBufferPointer<Float>, into action: UnsafeMutableBufferPointer<Float>,
                 environment: Int)
    /// Tells exploration that `environment` started an episode (noise is reset and redrawn).
    func episodeStarted(environment: Int)
    /// Writes the deterministic action for an observation. Allocates nothing.
    func act(observation: UnsafeBufferPointer<Float>, into action: UnsafeMutableBufferPointer<Float>)
    /// Hidden widths of each critic.
    var criticHiddenSizes: [Int] { get }
    /// Number of critics.
    var criticCount: Int { get }
    /// The hyperparameters by SB3 name, for checkpoints.
    var hyperparameters: [String: Double] { get }

    /// One gradient update on `batch`.
    /// - Important: Allocates nothing.
    func update(_ batch: ReplayBatch) -> UpdateStatistics

    /// SAC's entropy coefficient α; nil for other algorithms.
    var entropyCoefficient: Double? { get }
    /// The exploration scale: gSDE's mean σ, parameter noise's σ or the action-noise σ.
    var explorationSigma: Double? { get }
    /// Every tensor of the agent (actor, critics, targets, α), named for the checkpoint.
    func checkpointTensors() -> [SafetensorsFile.Tensor]
    /// Whether every parameter is finite (a checkpoint is written only then).
    var parametersAreFinite: Bool { get }
    /// Floating-point operations of the matrix products in one update (for the BLAS bound).
    var floatingPointOperationsPerUpdate: Double { get }
}

extension OffPolicyAgent {
    /// Whether every value of every tensor in `parameters` is finite.
    static func finite(_ parameters: [Parameter]) -> Bool {
        for parameter in parameters {
            let p = parameter.value.baseAddress
            for i in 0..<parameter.count where !p[i].isFinite { return false }
        }
        return true
    }
}
