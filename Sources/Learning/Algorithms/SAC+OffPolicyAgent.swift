import Foundation
import Neural

/// SAC as the training loop sees it beside its update: sizes, the deterministic action, the
/// exploration around its actor, and its checkpoint.
extension SAC {
    public var observationSize: Int { actor.observationSize }
    public var actionSize: Int { actor.actionSize }
    public var batchSize: Int { configuration.batchSize }

    /// α = exp(log α).
    public var entropyCoefficient: Double? { Double(expf(logEntropyCoefficient.value.baseAddress[0])) }

    /// tanh(μ(s)).
    public func act(observation: UnsafeBufferPointer<Float>, into action: UnsafeMutableBufferPointer<Float>) {
        actor.deterministicAction(observation: observation, into: action)
    }

    /// The actor's own sampling (`policy`), plus action noise (`gaussian`, `ou`), or gSDE with
    /// the σ the update learns (`gsde`).
    public func makeExploration(environments: Int) -> any Exploration {
        actor.makeExploration(exploration, environments: environments)
    }

    public var agentDescription: AgentDescription {
        AgentDescription(
            actor: ActorDescription(kind: .squashedGaussian, hiddenSizes: configuration.hiddenSizes,
                                    activation: configuration.activation, layerNorm: false,
                                    stateDependentNoise: actor.usesStateDependentNoise),
            criticHiddenSizes: configuration.hiddenSizes, criticCount: 2,
            hyperparameters: ["learning_rate": configuration.learningRate, "batch_size": Double(configuration.batchSize),
                              "tau": configuration.tau, "gamma": configuration.gamma,
                              "target_entropy": Double(targetEntropy),
                              "initial_ent_coef": configuration.initialEntropyCoefficient,
                              "learns_ent_coef": configuration.learnsEntropyCoefficient ? 1 : 0,
                              "critic_layer_norm": configuration.criticLayerNorm ? 1 : 0])
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
}

extension SAC: UpdateCostEstimating {
    public var floatingPointOperationsPerUpdate: Double {
        let b = batchSize, q = critic.networks[0], pi = actor.network
        return 2 * UpdateCost.forward(pi, batch: b)                                       // a′ and a
            + 2 * UpdateCost.forward(q, batch: b)                                         // targets
            + 2 * (UpdateCost.forward(q, batch: b) + UpdateCost.backward(q, batch: b, parameters: true, input: false))
            + 2 * (UpdateCost.forward(q, batch: b) + UpdateCost.backward(q, batch: b, parameters: false, input: true))
            + UpdateCost.backward(pi, batch: b, parameters: true, input: false)
    }
}
