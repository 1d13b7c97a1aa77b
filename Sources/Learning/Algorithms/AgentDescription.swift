/// The shapes of an agent's networks and its hyperparameters, as a checkpoint's metadata
/// records them (the tensors themselves are `OffPolicyAgent.checkpointTensors()`).
public struct AgentDescription: Equatable, Sendable {
    /// The actor's shape, enough to rebuild it for inference (`CheckpointPolicy`).
    public var actor: ActorDescription
    /// Hidden widths of each critic.
    public var criticHiddenSizes: [Int]
    /// Number of critics.
    public var criticCount: Int
    /// The hyperparameters by Stable-Baselines3 name (learning_rate, batch_size, tau, gamma, …).
    public var hyperparameters: [String: Double]

    /// Creates a description.
    public init(actor: ActorDescription, criticHiddenSizes: [Int], criticCount: Int, hyperparameters: [String: Double]) {
        self.actor = actor
        self.criticHiddenSizes = criticHiddenSizes
        self.criticCount = criticCount
        self.hyperparameters = hyperparameters
    }
}
