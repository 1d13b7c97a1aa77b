/// What an actor needs, besides the policy's weights, to explore as the learner's exploration
/// does: the σ values the learner adapts or learns.
///
/// Plain values, so that they can travel from a learner to its actors and be checked there.
/// Action noise keeps no such state (its σ is a setting; an Ornstein–Uhlenbeck process is each
/// actor's own), nor does SAC's own sampling (its σ is an output of the actor's network).
public struct ExplorationState: Codable, Equatable, Sendable {
    /// Parameter noise's current σ; nil for other kinds.
    public var parameterNoiseSigma: Double?
    /// gSDE's standard deviations of the exploration matrix E, `features × actions` row-major:
    /// exp(log σ) as SAC learns it, or TD3/DDPG's σ scaled to the features. Held as σ rather
    /// than log σ so that the scheduled value travels exactly. Nil for other kinds, and before
    /// TD3/DDPG has seen any features.
    public var stateDependentSigma: [Float]?

    /// Creates a state.
    public init(parameterNoiseSigma: Double? = nil, stateDependentSigma: [Float]? = nil) {
        self.parameterNoiseSigma = parameterNoiseSigma
        self.stateDependentSigma = stateDependentSigma
    }

    enum CodingKeys: String, CodingKey {
        case parameterNoiseSigma = "parameter_noise_sigma"
        case stateDependentSigma = "state_dependent_sigma"
    }
}
