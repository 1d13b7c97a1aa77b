import Neural
import SteadyCore

/// μ(s) as exploration sees it: the action noise is added to, gSDE's mean with its features,
/// and copies whose weights parameter noise perturbs.
extension DeterministicActor {
    /// The exploration `settings` asks for around this actor, for `environments` environments:
    /// action noise on μ(s) (`gaussian`, `ou`; `policy` is μ(s) alone), parameter noise (`param`;
    /// build the actor with LayerNorm for it) or gSDE with a σ scheduled to the features (`gsde`).
    public func makeExploration(_ settings: ExplorationSettings, environments: Int) -> any Exploration {
        settings.makeExploration(around: self, maxBatch: network.maxBatch, environments: environments)
    }
}

extension DeterministicActor: StochasticPolicy {
    /// None: μ(s) draws nothing.
    public var samplingDimension: Int { 0 }

    public func sampleAction(observation: UnsafeBufferPointer<Float>, epsilon: UnsafeBufferPointer<Float>,
                             into action: UnsafeMutableBufferPointer<Float>) {
        act(observation: observation, into: action)
    }

    public var samplingSigma: Double? { nil }
}

extension DeterministicActor: StateDependentPolicy {
    /// μ(s) itself.
    public func stateDependentMean(observation: UnsafeBufferPointer<Float>, into mean: UnsafeMutableBufferPointer<Float>,
                                   features: UnsafeMutableBufferPointer<Float>) {
        act(observation: observation, into: mean, features: features)
    }

    public func squashPerturbedMean(_ values: UnsafeMutableBufferPointer<Float>) {
        for j in 0..<values.count { values[j] = min(max(values[j], -1), 1) }
    }

    /// None: σ is scheduled from the features.
    public var stateDependentLogStd: Parameter? { nil }
}

extension DeterministicActor: PerturbablePolicy {
    public func makeReplica() -> DeterministicActor {
        var unused = SeededGenerator(seed: 0)
        let copy = DeterministicActor(network: MLP(network.configuration, maxBatch: network.maxBatch, generator: &unused))
        copy.copyParameters(from: self)
        return copy
    }

    public func copyParameters(from source: DeterministicActor) { network.copyParameters(from: source.network) }

    /// Weights and biases, not LayerNorm's.
    public var perturbableParameters: [Parameter] { network.parameters.filter { !$0.isNormalization } }

    public func actions(for observations: Matrix) -> Matrix { network.forward(observations) }
}
