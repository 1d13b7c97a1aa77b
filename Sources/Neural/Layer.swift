/// A layer with a hand-written forward pass and its paired backward pass, on a batch of rows.
///
/// As in llm.c, `forward` writes the layer's own `output`, and `backward` *accumulates* the
/// parameter gradients (so several losses can add up before an optimizer step) and writes the
/// layer's own `inputGradient`. All buffers are allocated in `init` for `maxBatch` rows.
///
/// - Important: `forward` and `backward` allocate nothing. `backward` must follow the `forward`
///   of the same batch, with the same `input` matrix unchanged in between.
public protocol Layer: AnyObject {
    /// Features per input row.
    var inputSize: Int { get }
    /// Features per output row.
    var outputSize: Int { get }
    /// The largest batch the preallocated buffers hold.
    var maxBatch: Int { get }
    /// The result of the last `forward` (rows = that batch).
    var output: Matrix { get }
    /// The gradient with respect to the input written by the last `backward`.
    var inputGradient: Matrix { get }
    /// The trainable tensors, in PyTorch `state_dict` order, named without the layer index.
    var parameters: [Parameter] { get }

    /// Computes `output` for every row of `input` and returns it.
    @discardableResult
    func forward(_ input: Matrix) -> Matrix

    /// Back-propagates `outputGradient` (same shape as `output`).
    ///
    /// - Parameters:
    ///   - computesInputGradient: when false, a `Linear` skips its input-gradient product and the
    ///     returned matrix is stale (the other layers compute it anyway; it is cheap for them).
    ///   - accumulatesParameterGradients: when false, parameter gradients are left untouched, as
    ///     when an actor's loss is back-propagated through a critic that is not being trained.
    /// - Returns: `inputGradient`.
    @discardableResult
    func backward(input: Matrix, outputGradient: Matrix,
                  computesInputGradient: Bool, accumulatesParameterGradients: Bool) -> Matrix

    /// Applies the layer to one row: `inputSize` floats at `input`, `outputSize` at `output`.
    ///
    /// Touches none of the batch buffers, so it can run between a `forward` and its `backward`.
    /// `input` and `output` must not overlap.
    /// - Important: Allocates nothing; this is the control tick's inference path.
    func predict(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>)
}

extension Layer {
    /// Back-propagates `outputGradient`, computing the input gradient and accumulating
    /// parameter gradients.
    @discardableResult
    public func backward(input: Matrix, outputGradient: Matrix) -> Matrix {
        backward(input: input, outputGradient: outputGradient,
                 computesInputGradient: true, accumulatesParameterGradients: true)
    }

    /// Sets every parameter gradient to zero.
    public func zeroGradients() {
        for parameter in parameters { parameter.gradient.fill(0) }
    }

    /// Checks the shapes common to every layer's `forward`.
    @inline(__always)
    func checkForward(_ input: Matrix) {
        precondition(input.columns == inputSize,
                     "\(Self.self): input has \(input.columns) columns, layer takes \(inputSize)")
        precondition(input.rows <= maxBatch,
                     "\(Self.self): batch of \(input.rows) exceeds the maximum of \(maxBatch)")
    }

    /// Checks the shapes common to every layer's `backward`.
    @inline(__always)
    func checkBackward(_ input: Matrix, _ outputGradient: Matrix) {
        checkForward(input)
        precondition(outputGradient.rows == input.rows && outputGradient.columns == outputSize,
                     "\(Self.self): output gradient is \(outputGradient.rows)×\(outputGradient.columns), "
                     + "expected \(input.rows)×\(outputSize)")
    }
}
