/// An actor exploration can act with in every way: its own sample and action noise, gSDE, and
/// copies to perturb. Both of Steady's actors are one.
public typealias ExplorablePolicy = StochasticPolicy & StateDependentPolicy & PerturbablePolicy

extension ExplorationSettings {
    /// The exploration these settings ask for around `policy`, for `environments` environments:
    /// the policy's own action plus action noise (`policy`, `gaussian`, `ou`), parameter noise
    /// (`param`; `maxBatch` bounds the batches σ adapts on) or gSDE (`gsde`).
    public func makeExploration<Policy: ExplorablePolicy>(around policy: Policy, maxBatch: Int,
                                                          environments: Int) -> any Exploration {
        switch kind {
        case .policy, .gaussian, .ou:
            return ActionNoiseExploration(policy: policy, settings: self, environments: environments)
        case .param:
            return ParameterNoise(policy: policy, environments: environments, initialSigma: sigma,
                                  targetDistance: targetDistance, interval: noiseInterval, maxBatch: maxBatch,
                                  actionSize: policy.actionSize, adaptationInterval: adaptationInterval,
                                  adaptive: adaptive)
        case .gsde:
            return StateDependentExploration(policy: policy, settings: self, environments: environments)
        }
    }
}
