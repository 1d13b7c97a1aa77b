import Neural

/// A deterministic policy as parameter-space noise sees it: copies of itself whose weights can
/// be perturbed, and actions. Exploration knows networks only through this.
public protocol PerturbablePolicy: AnyObject {
    /// A new policy of the same shape with its own buffers and a copy of the parameters.
    func makeReplica() -> Self
    /// Copies every parameter (normalization included) from `source`.
    func copyParameters(from source: Self)
    /// The tensors parameter noise perturbs: weights and biases, not LayerNorm's.
    var perturbableParameters: [Parameter] { get }
    /// Deterministic actions for each row of `observations`.
    func actions(for observations: Matrix) -> Matrix
    /// The deterministic action for one observation. Allocates nothing.
    func act(observation: UnsafeBufferPointer<Float>, into action: UnsafeMutableBufferPointer<Float>)
}
