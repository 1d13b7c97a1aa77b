import SteadyCore

extension CheckpointMetadata {
    /// The metadata of `agent` trained on `environment`'s spaces, after `step` environment steps
    /// and `episodes` episodes: what `OffPolicyTrainer` and the sidecar learner write.
    public init(agent: any OffPolicyAgent, environment: any Environment, step: Int, episodes: Int, seed: UInt64) {
        let description = agent.agentDescription
        self.init(
            algorithm: agent.algorithm, environment: environment.name, observationSize: agent.observationSize,
            actionSize: agent.actionSize, observationSpace: environment.observationSpace,
            actionSpace: environment.actionSpace, rawActionSpace: environment.rawActionSpace,
            controlPeriodSeconds: environment.controlPeriodSeconds, observationNormalization: .none,
            actor: description.actor, criticHiddenSizes: description.criticHiddenSizes,
            criticCount: description.criticCount, exploration: agent.exploration,
            hyperparameters: description.hyperparameters, step: step,
            updates: agent.updateCount, episodes: episodes, seed: seed)
    }
}
