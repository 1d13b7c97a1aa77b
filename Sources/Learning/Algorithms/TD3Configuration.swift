import Neural

/// TD3's hyperparameters (SB3's defaults); DDPG is `TD3Configuration.ddpg`.
public struct TD3Configuration: Equatable, Sendable {
    /// Hidden widths of the actor and of each critic.
    public var hiddenSizes: [Int] = [256, 256]
    /// The hidden non-linearity of actor and critics (SB3's `activation_fn`, ReLU).
    public var activation: MLP.Activation = .relu
    /// A LayerNorm after each hidden Linear of the critics (DroQ, RLPD), for high update-to-data ratios.
    public var criticLayerNorm = false
    /// Adam's learning rate for the actor and the critics (SB3's default 1e-3).
    public var learningRate: Double = 1e-3
    /// Transitions per update.
    public var batchSize: Int = 256
    /// Polyak rate τ of the target networks.
    public var tau: Double = 0.005
    /// Discount γ.
    public var gamma: Double = 0.99
    /// Critic updates per actor (and target) update.
    public var policyDelay: Int = 2
    /// Number of critics; the target takes their minimum.
    public var criticCount: Int = 2
    /// σ of the target policy smoothing noise (0 turns smoothing off).
    public var targetPolicyNoise: Double = 0.2
    /// The smoothing noise is clipped to ±this.
    public var targetNoiseClip: Double = 0.5

    /// TD3's defaults.
    public init() {}

    /// DDPG as SB3 configures it: TD3 with one critic, policy delay 1 and no target smoothing.
    public static var ddpg: TD3Configuration {
        var configuration = TD3Configuration()
        configuration.policyDelay = 1
        configuration.criticCount = 1
        configuration.targetPolicyNoise = 0
        configuration.targetNoiseClip = 0
        return configuration
    }

    /// Whether this is the DDPG configuration.
    public var isDDPG: Bool { policyDelay == 1 && criticCount == 1 && targetPolicyNoise == 0 }
}
