import Neural

/// TD3/DDPG as the training loop sees it beside its update: sizes, the deterministic action, the
/// exploration around its actor, and its checkpoint.
extension TD3 {
    public var observationSize: Int { actor.observationSize }
    public var actionSize: Int { actor.actionSize }
    public var batchSize: Int { configuration.batchSize }
    /// None: TD3 and DDPG have no entropy coefficient.
    public var entropyCoefficient: Double? { nil }

    /// μ(s).
    public func act(observation: UnsafeBufferPointer<Float>, into action: UnsafeMutableBufferPointer<Float>) {
        actor.act(observation: observation, into: action)
    }

    /// Action noise (`gaussian`, `ou`), parameter noise (`param`) or gSDE with a σ scheduled
    /// to the features the update sees (`gsde`).
    public func makeExploration(environments: Int) -> any Exploration {
        actor.makeExploration(exploration, environments: environments)
    }

    public var agentDescription: AgentDescription {
        AgentDescription(
            actor: ActorDescription(kind: .deterministic, hiddenSizes: configuration.hiddenSizes,
                                    activation: configuration.activation, layerNorm: exploration.actorLayerNorm,
                                    stateDependentNoise: false),
            criticHiddenSizes: configuration.hiddenSizes, criticCount: configuration.criticCount,
            hyperparameters: ["learning_rate": configuration.learningRate, "batch_size": Double(configuration.batchSize),
                              "tau": configuration.tau, "gamma": configuration.gamma,
                              "policy_delay": Double(configuration.policyDelay),
                              "target_policy_noise": configuration.targetPolicyNoise,
                              "target_noise_clip": configuration.targetNoiseClip,
                              "critic_layer_norm": configuration.criticLayerNorm ? 1 : 0])
    }

    public func checkpointTensors() -> [SafetensorsFile.Tensor] {
        actor.network.tensors(prefix: "actor.") + actorTarget.network.tensors(prefix: "actor_target.")
            + critic.tensors(prefix: "critic.") + criticTarget.tensors(prefix: "critic_target.")
    }
}

extension TD3: UpdateCostEstimating {
    public var floatingPointOperationsPerUpdate: Double {
        let b = batchSize, q = critic.networks[0], pi = actor.network, count = Double(critic.networks.count)
        let criticPart = UpdateCost.forward(pi, batch: b) + count * UpdateCost.forward(q, batch: b)
            + count * (UpdateCost.forward(q, batch: b) + UpdateCost.backward(q, batch: b, parameters: true, input: false))
        let actorPart = UpdateCost.forward(pi, batch: b) + UpdateCost.forward(q, batch: b)
            + UpdateCost.backward(q, batch: b, parameters: false, input: true)
            + UpdateCost.backward(pi, batch: b, parameters: true, input: false)
        return criticPart + actorPart / Double(configuration.policyDelay)
    }
}
