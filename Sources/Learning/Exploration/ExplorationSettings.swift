/// Which exploration a training run uses and its settings; stored in every checkpoint.
///
/// All noise lives in the normalized [−1, 1] action space and the action is clipped to it
/// before the environment unscales it.
public struct ExplorationSettings: Codable, Equatable, Sendable {
    /// The kind of exploration.
    public enum Kind: String, Codable, CaseIterable, Sendable {
        /// SAC's own squashed-Gaussian sampling (SAC only; its default).
        case policy
        /// Independent N(0, σ²) action noise (TD3/DDPG default, σ = 0.1).
        case gaussian
        /// Ornstein–Uhlenbeck action noise (θ, σ, dt).
        case ou
        /// Adaptive parameter-space noise (Plappert et al. 2018) on a LayerNorm actor (TD3/DDPG).
        case param
        /// Generalized state-dependent exploration (Raffin et al. 2021).
        case gsde
    }

    /// The kind of exploration.
    public var kind: Kind
    /// Steps between noise draws; −1 draws once per episode. Every kind redraws at an episode start.
    public var noiseInterval: Int
    /// σ: the action-noise standard deviation (gaussian, ou); the initial parameter-noise σ
    /// (param); the target action-noise standard deviation of TD3/DDPG's gSDE.
    public var sigma: Double
    /// Ornstein–Uhlenbeck mean reversion θ.
    public var ouTheta: Double
    /// Ornstein–Uhlenbeck time step.
    public var ouDt: Double
    /// Parameter noise's target action distance δ.
    public var targetDistance: Double
    /// Updates between adaptations K (parameter noise's σ; TD3/DDPG gSDE's feature scale).
    public var adaptationInterval: Int
    /// SAC gSDE's initial log σ (SB3's `log_std_init`, −3).
    public var logStdInit: Double
    /// Whether parameter noise's (TD3/DDPG) actor has a LayerNorm after each hidden Linear, as
    /// Plappert et al. recommend so one σ perturbs every layer alike (default true).
    public var parameterNoiseLayerNorm: Bool
    /// Whether parameter noise adapts σ toward `targetDistance` every `adaptationInterval`
    /// updates (default true); false keeps σ at `sigma` for the whole run.
    public var adaptive: Bool

    /// Whether the actor gets LayerNorms: parameter noise with `parameterNoiseLayerNorm`.
    public var actorLayerNorm: Bool { kind == .param && parameterNoiseLayerNorm }

    /// Creates settings; `noiseInterval` nil picks the kind's default (−1 for param and gsde, 1 otherwise).
    public init(kind: Kind, noiseInterval: Int? = nil, sigma: Double? = nil, ouTheta: Double = 0.15,
                ouDt: Double = 1e-2, targetDistance: Double = 0.2, adaptationInterval: Int = 50,
                logStdInit: Double = -3, parameterNoiseLayerNorm: Bool = true, adaptive: Bool = true) {
        self.kind = kind
        self.noiseInterval = noiseInterval ?? ((kind == .param || kind == .gsde) ? -1 : 1)
        self.sigma = sigma ?? (kind == .param ? 0.1 : 0.1)
        self.ouTheta = ouTheta
        self.ouDt = ouDt
        self.targetDistance = targetDistance
        self.adaptationInterval = adaptationInterval
        self.logStdInit = logStdInit
        self.parameterNoiseLayerNorm = parameterNoiseLayerNorm
        self.adaptive = adaptive
    }

    enum CodingKeys: String, CodingKey {
        case kind, sigma
        case noiseInterval = "noise_interval"
        case ouTheta = "ou_theta"
        case ouDt = "ou_dt"
        case targetDistance = "target_distance"
        case adaptationInterval = "adaptation_interval"
        case logStdInit = "log_std_init"
        case parameterNoiseLayerNorm = "layer_norm"
        case adaptive
    }

    /// Files written before `layer_norm` and `adaptive` existed meant both true.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(kind: try container.decode(Kind.self, forKey: .kind),
                  noiseInterval: try container.decode(Int.self, forKey: .noiseInterval),
                  sigma: try container.decode(Double.self, forKey: .sigma),
                  ouTheta: try container.decode(Double.self, forKey: .ouTheta),
                  ouDt: try container.decode(Double.self, forKey: .ouDt),
                  targetDistance: try container.decode(Double.self, forKey: .targetDistance),
                  adaptationInterval: try container.decode(Int.self, forKey: .adaptationInterval),
                  logStdInit: try container.decode(Double.self, forKey: .logStdInit),
                  parameterNoiseLayerNorm: try container.decodeIfPresent(Bool.self, forKey: .parameterNoiseLayerNorm) ?? true,
                  adaptive: try container.decodeIfPresent(Bool.self, forKey: .adaptive) ?? true)
    }

    /// Writes `layer_norm` and `adaptive` only when false, so default settings encode as before.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(noiseInterval, forKey: .noiseInterval)
        try container.encode(sigma, forKey: .sigma)
        try container.encode(ouTheta, forKey: .ouTheta)
        try container.encode(ouDt, forKey: .ouDt)
        try container.encode(targetDistance, forKey: .targetDistance)
        try container.encode(adaptationInterval, forKey: .adaptationInterval)
        try container.encode(logStdInit, forKey: .logStdInit)
        if !parameterNoiseLayerNorm { try container.encode(false, forKey: .parameterNoiseLayerNorm) }
        if !adaptive { try container.encode(false, forKey: .adaptive) }
    }

    /// SAC's default: sample its own squashed Gaussian.
    public static let sacDefault = ExplorationSettings(kind: .policy)
    /// TD3/DDPG's default: Gaussian action noise with σ = 0.1, as SB3's examples.
    public static let deterministicDefault = ExplorationSettings(kind: .gaussian, sigma: 0.1)
}
