import Neural

/// The shape of a checkpoint's actor: enough to rebuild it for inference.
public struct ActorDescription: Codable, Equatable, Sendable {
    /// The kind of actor.
    public enum Kind: String, Codable, Sendable {
        /// SAC's tanh-squashed Gaussian; the deterministic action is tanh(μ).
        case squashedGaussian = "squashed_gaussian"
        /// TD3/DDPG's μ(s) with a tanh output.
        case deterministic
    }

    /// The kind of actor.
    public var kind: Kind
    /// Hidden layer widths.
    public var hiddenSizes: [Int]
    /// Hidden activation, `relu` or `tanh`.
    public var activation: String
    /// Whether each hidden Linear is followed by a LayerNorm.
    public var layerNorm: Bool
    /// Whether the actor uses gSDE (μ clipped to ±2, a `features × actions` log σ).
    public var stateDependentNoise: Bool
    /// The safetensors prefix of the actor network's tensors, `actor.` (then nn.Sequential indices).
    public var tensorPrefix: String
    /// How the output Linear's rows are laid out, e.g. `mu,log_std` or `mu`.
    public var outputLayout: String

    enum CodingKeys: String, CodingKey {
        case kind, activation
        case hiddenSizes = "hidden_sizes"
        case layerNorm = "layer_norm"
        case stateDependentNoise = "state_dependent_noise"
        case tensorPrefix = "tensor_prefix"
        case outputLayout = "output_layout"
    }

    /// Creates a description.
    public init(kind: Kind, hiddenSizes: [Int], activation: MLP.Activation, layerNorm: Bool,
                stateDependentNoise: Bool) {
        self.kind = kind
        self.hiddenSizes = hiddenSizes
        self.activation = activation.rawValue
        self.layerNorm = layerNorm
        self.stateDependentNoise = stateDependentNoise
        tensorPrefix = "actor."
        outputLayout = (kind == .squashedGaussian && !stateDependentNoise) ? "mu,log_std" : "mu"
    }
}
