/// The hyperparameters SAC and TD3/DDPG share, so callers can set them once for either.
public protocol OffPolicyHyperparameters {
    /// Hidden layer widths of actor and critics.
    var hiddenSizes: [Int] { get set }
    /// Transitions per gradient update.
    var batchSize: Int { get set }
    /// Adam learning rate of every network.
    var learningRate: Double { get set }
    /// Polyak rate of the target networks.
    var tau: Double { get set }
    /// Discount factor.
    var gamma: Double { get set }
    /// A LayerNorm after each hidden Linear of the critics.
    var criticLayerNorm: Bool { get set }
}

extension SACConfiguration: OffPolicyHyperparameters {}
extension TD3Configuration: OffPolicyHyperparameters {}

extension OffPolicyHyperparameters {
    /// These hyperparameters with the widths and batch size set, and the optional values set
    /// where given (the defaults stay otherwise).
    public func with(hiddenSizes: [Int], batchSize: Int, learningRate: Double?, tau: Double?, gamma: Double?) -> Self {
        var result = self
        result.hiddenSizes = hiddenSizes
        result.batchSize = batchSize
        if let learningRate { result.learningRate = learningRate }
        if let tau { result.tau = tau }
        if let gamma { result.gamma = gamma }
        return result
    }
}
