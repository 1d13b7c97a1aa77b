import SteadyCore

/// A fully connected layer `y = x · Wᵀ + b`, with `W` stored `outputSize × inputSize` as in
/// PyTorch's `nn.Linear`.
public final class Linear: Layer {
    public let inputSize: Int
    public let outputSize: Int
    public let maxBatch: Int
    /// The weights, `outputSize × inputSize`, row-major.
    public let weight: Matrix
    /// The bias, `1 × outputSize`.
    public let bias: Matrix
    /// The accumulated gradient of `weight`.
    public let weightGradient: Matrix
    /// The accumulated gradient of `bias`.
    public let biasGradient: Matrix
    public let output: Matrix
    public let inputGradient: Matrix
    public let parameters: [Parameter]
    /// A column of ones: the bias gradient is `outputGradientᵀ · ones`, one `gemv`.
    private let ones: UnsafeMutablePointer<Float>

    /// Creates a layer initialised as PyTorch's `nn.Linear` does by default.
    ///
    /// Weights and biases are drawn from U(−1/√inputSize, 1/√inputSize), which is what
    /// `kaiming_uniform_(a: √5)` reduces to for the weights. Weights are drawn first, row by
    /// row, then the bias, all from `generator`.
    public init(inputSize: Int, outputSize: Int, maxBatch: Int, generator: inout SeededGenerator) {
        precondition(inputSize > 0 && outputSize > 0 && maxBatch > 0, "Linear: sizes must be positive")
        BLAS.applyDefaultThreadPolicy()
        self.inputSize = inputSize
        self.outputSize = outputSize
        self.maxBatch = maxBatch
        weight = Matrix(rows: outputSize, columns: inputSize)
        bias = Matrix(rows: 1, columns: outputSize)
        weightGradient = Matrix(rows: outputSize, columns: inputSize)
        biasGradient = Matrix(rows: 1, columns: outputSize)
        output = Matrix(rows: maxBatch, columns: outputSize)
        inputGradient = Matrix(rows: maxBatch, columns: inputSize)
        ones = .allocate(capacity: maxBatch)
        ones.initialize(repeating: 1, count: maxBatch)
        parameters = [
            Parameter(name: "weight", role: .weight, shape: [outputSize, inputSize],
                      value: weight, gradient: weightGradient),
            Parameter(name: "bias", role: .bias, shape: [outputSize], value: bias, gradient: biasGradient),
        ]
        initializeUniform(generator: &generator)
    }

    deinit {
        ones.deinitialize(count: maxBatch)
        ones.deallocate()
    }

    /// Redraws weights and bias from U(−1/√inputSize, 1/√inputSize) (PyTorch's default).
    public func initializeUniform(generator: inout SeededGenerator) {
        let bound = 1 / Double(inputSize).squareRoot()
        for i in 0..<weight.count { weight.baseAddress[i] = Float(generator.uniform(-bound, bound)) }
        for i in 0..<bias.count { bias.baseAddress[i] = Float(generator.uniform(-bound, bound)) }
    }

    @discardableResult
    public func forward(_ input: Matrix) -> Matrix {
        checkForward(input)
        let batch = input.rows
        output.setRowCount(batch)
        for row in 0..<batch {
            output.row(row).update(from: bias.baseAddress, count: outputSize)
        }
        BLAS.gemm(input, weight, into: output, transposeB: true, beta: 1)
        return output
    }

    @discardableResult
    public func backward(input: Matrix, outputGradient: Matrix,
                         computesInputGradient: Bool, accumulatesParameterGradients: Bool) -> Matrix {
        checkBackward(input, outputGradient)
        let batch = input.rows
        if accumulatesParameterGradients {
            // dW += dYᵀ · X ; db += dYᵀ · 1
            BLAS.gemm(outputGradient, input, into: weightGradient, transposeA: true, beta: 1)
            BLAS.gemv(rows: batch, columns: outputSize, outputGradient.baseAddress, transposed: true,
                      ones, into: biasGradient.baseAddress, beta: 1)
        }
        if computesInputGradient {
            // dX = dY · W
            inputGradient.setRowCount(batch)
            BLAS.gemm(outputGradient, weight, into: inputGradient)
        }
        return inputGradient
    }

    public func predict(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>) {
        output.update(from: bias.baseAddress, count: outputSize)
        BLAS.gemv(rows: outputSize, columns: inputSize, weight.baseAddress, input, into: output, beta: 1)
    }
}
