import Neural

/// SAC's hyperparameters; the defaults are Stable-Baselines3's.
public struct SACConfiguration: Equatable, Sendable {
    /// Hidden widths of the actor and of each critic.
    public var hiddenSizes: [Int] = [256, 256]
    /// The hidden non-linearity of actor and critics (SB3's `activation_fn`, ReLU).
    public var activation: MLP.Activation = .relu
    /// A LayerNorm after each hidden Linear of the critics (DroQ, RLPD), for high update-to-data ratios.
    public var criticLayerNorm = false
    /// Adam's learning rate for the actor, the critics and log α.
    public var learningRate: Double = 3e-4
    /// Transitions per update.
    public var batchSize: Int = 256
    /// Polyak rate τ of the target critics.
    public var tau: Double = 0.005
    /// Discount γ.
    public var gamma: Double = 0.99
    /// The initial α when learned (SB3's `ent_coef = "auto"` starts at 1).
    public var initialEntropyCoefficient: Double = 1
    /// Whether α is learned; when false it stays at `initialEntropyCoefficient`.
    public var learnsEntropyCoefficient = true
    /// The entropy target; nil means −|A|.
    public var targetEntropy: Double?

    /// Creates the default configuration.
    public init() {}
}
