/// The losses and coefficients of one gradient update.
public struct UpdateStatistics: Sendable, Equatable {
    /// The critic loss (SAC: ½ Σₖ MSE; TD3/DDPG: Σₖ MSE, as SB3).
    public var criticLoss: Float
    /// The actor loss, when the actor was updated (TD3 updates it every `policyDelay` updates).
    public var actorLoss: Float?
    /// SAC's entropy coefficient α used in this update.
    public var entropyCoefficient: Float?
    /// SAC's entropy-coefficient loss.
    public var entropyCoefficientLoss: Float?

    /// Creates statistics.
    public init(criticLoss: Float, actorLoss: Float? = nil, entropyCoefficient: Float? = nil,
                entropyCoefficientLoss: Float? = nil) {
        self.criticLoss = criticLoss
        self.actorLoss = actorLoss
        self.entropyCoefficient = entropyCoefficient
        self.entropyCoefficientLoss = entropyCoefficientLoss
    }

    /// The first non-finite loss, by name, if any.
    public var firstNonFiniteLoss: (name: String, value: Float)? {
        if !criticLoss.isFinite { return ("critic_loss", criticLoss) }
        if let actorLoss, !actorLoss.isFinite { return ("actor_loss", actorLoss) }
        if let entropyCoefficientLoss, !entropyCoefficientLoss.isFinite { return ("ent_coef_loss", entropyCoefficientLoss) }
        return nil
    }
}
