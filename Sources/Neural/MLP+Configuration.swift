extension MLP {
    /// A hidden-layer non-linearity or an output squashing.
    public enum Activation: String, Sendable, Equatable, CaseIterable {
        /// `max(0, x)`, the default of SAC and TD3 in Stable-Baselines3.
        case relu
        /// `tanh(x)`, also used to squash deterministic actions into (−1, 1).
        case tanh
    }

    /// The shape of a multilayer perceptron.
    ///
    /// Hidden block `i` is `Linear`, then `LayerNorm` when `layerNorm` is set, then the
    /// activation; after the hidden blocks come the output `Linear` and, optionally, the output
    /// activation. Parameter names count every module, as `nn.Sequential` does: with
    /// `layerNorm`, `[256, 256]` gives `0.weight`, `1.weight` (norm), `3.weight`, … `6.weight`.
    public struct Configuration: Sendable, Equatable {
        /// Features per input row (an observation, or observation ⧺ action for a critic).
        public var inputSize: Int
        /// Widths of the hidden layers, e.g. `[256, 256]`.
        public var hiddenSizes: [Int]
        /// Features per output row.
        public var outputSize: Int
        /// The hidden non-linearity.
        public var activation: Activation
        /// Whether a `LayerNorm` follows each hidden `Linear` (as parameter-space noise wants).
        public var layerNorm: Bool
        /// An optional squashing of the output, e.g. `.tanh` for a deterministic actor.
        public var outputActivation: Activation?

        /// Creates a configuration; the defaults are Stable-Baselines3's for SAC and TD3.
        public init(inputSize: Int, hiddenSizes: [Int] = [256, 256], outputSize: Int,
                    activation: Activation = .relu, layerNorm: Bool = false,
                    outputActivation: Activation? = nil) {
            self.inputSize = inputSize
            self.hiddenSizes = hiddenSizes
            self.outputSize = outputSize
            self.activation = activation
            self.layerNorm = layerNorm
            self.outputActivation = outputActivation
        }
    }
}

extension MLP.Activation {
    /// A new layer of this activation.
    func makeLayer(size: Int, maxBatch: Int) -> any Layer {
        switch self {
        case .relu: return ReLU(size: size, maxBatch: maxBatch)
        case .tanh: return Tanh(size: size, maxBatch: maxBatch)
        }
    }
}
