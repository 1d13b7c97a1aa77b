/// One trainable tensor of a layer: its values, its gradient, its checkpoint name and shape.
///
/// `value` and `gradient` are the layer's own matrices (reference types), so an optimizer or a
/// noise process holding a `Parameter` changes the layer in place.
public struct Parameter {
    /// What a tensor is for; parameter-space noise perturbs weights and biases but not norms.
    public enum Role: Sendable, Equatable {
        /// A `Linear` weight matrix.
        case weight
        /// A `Linear` bias vector.
        case bias
        /// A `LayerNorm` gain (PyTorch's `weight` of `nn.LayerNorm`).
        case normalizationGain
        /// A `LayerNorm` bias.
        case normalizationBias
    }

    /// The name inside a network, e.g. `0.weight`, matching PyTorch `nn.Sequential` keys.
    public var name: String
    /// The tensor's role.
    public let role: Role
    /// The shape as PyTorch reports it: `[out, in]` for weights, `[n]` for vectors.
    public let shape: [Int]
    /// The values; vectors are stored as a 1 × n matrix.
    public let value: Matrix
    /// The accumulated gradient, same shape as `value`.
    public let gradient: Matrix

    /// Creates a parameter over existing matrices.
    public init(name: String, role: Role, shape: [Int], value: Matrix, gradient: Matrix) {
        precondition(value.count == shape.reduce(1, *) && gradient.count == value.count,
                     "Parameter \(name): shape \(shape) does not match its matrices")
        self.name = name
        self.role = role
        self.shape = shape
        self.value = value
        self.gradient = gradient
    }

    /// Whether this is a normalization tensor (left alone by parameter-space noise).
    public var isNormalization: Bool { role == .normalizationGain || role == .normalizationBias }

    /// The number of scalars.
    public var count: Int { value.count }
}
