import SteadyCore

/// Everything about a checkpoint besides its tensors: what produced it, the shapes needed to
/// rebuild its networks, the spaces, exploration and training progress.
///
/// Stored as JSON both inside `model.safetensors` (`__metadata__["steady"]`, the authoritative
/// copy, written atomically with the tensors) and as `checkpoint.json` beside it for people.
public struct CheckpointMetadata: Codable, Equatable, Sendable {
    /// The layout version of this metadata.
    public var format = CheckpointMetadata.currentFormat

    /// The layout version this build writes and reads; other versions are refused.
    public static let currentFormat = 1
    /// `sac`, `td3` or `ddpg`.
    public var algorithm: String
    /// The environment trained on, e.g. `pendulum`.
    public var environment: String
    /// Floats per observation.
    public var observationSize: Int
    /// Action dimension.
    public var actionSize: Int
    /// The environment's observation bounds.
    public var observationSpace: BoxSpace
    /// The normalized action space the policy outputs, [−1, 1].
    public var actionSpace: BoxSpace
    /// The environment's own action units that [−1, 1] maps onto.
    public var rawActionSpace: BoxSpace
    /// The environment's control period.
    public var controlPeriodSeconds: Double
    /// Observation normalization applied before the actor.
    public var observationNormalization: ObservationNormalization
    /// The actor's shape.
    public var actor: ActorDescription
    /// Hidden widths of each critic.
    public var criticHiddenSizes: [Int]
    /// Number of critics.
    public var criticCount: Int
    /// The exploration used in training.
    public var exploration: ExplorationSettings
    /// The algorithm's hyperparameters by SB3 name (learning_rate, batch_size, tau, gamma, …).
    public var hyperparameters: [String: Double]
    /// Environment steps taken when the checkpoint was written.
    public var step: Int
    /// Gradient updates done.
    public var updates: Int
    /// Episodes finished.
    public var episodes: Int
    /// The run's seed.
    public var seed: UInt64
    /// How the learning rate changed over the training run that wrote the checkpoint; nil in
    /// checkpoints written before Steady recorded it, and by the sidecar learner (constant rate).
    public var learningRateSchedule: LearningRateSchedule? = nil

    enum CodingKeys: String, CodingKey {
        case format, algorithm, environment, actor, exploration, hyperparameters, step, updates, episodes, seed
        case observationSize = "observation_size"
        case actionSize = "action_size"
        case observationSpace = "observation_space"
        case actionSpace = "action_space"
        case rawActionSpace = "raw_action_space"
        case controlPeriodSeconds = "control_period_seconds"
        case observationNormalization = "observation_normalization"
        case criticHiddenSizes = "critic_hidden_sizes"
        case criticCount = "critic_count"
        case learningRateSchedule = "learning_rate_schedule"
    }
}
