/// Layer normalization over each row's features, with a learned gain and bias, as PyTorch's
/// `nn.LayerNorm(size)`: `y = (x − mean) / √(var + ε) · gain + bias`, with the biased variance
/// and ε = 1e-5. Gain starts at 1 and bias at 0.
public final class LayerNorm: Layer {
    public let inputSize: Int
    public var outputSize: Int { inputSize }
    public let maxBatch: Int
    /// The ε added to the variance, 1e-5 as in PyTorch.
    public let epsilon: Float
    /// The learned gain, `1 × size` (PyTorch's `weight`).
    public let gain: Matrix
    /// The learned bias, `1 × size`.
    public let bias: Matrix
    /// The accumulated gradient of `gain`.
    public let gainGradient: Matrix
    /// The accumulated gradient of `bias`.
    public let biasGradient: Matrix
    public let output: Matrix
    public let inputGradient: Matrix
    public let parameters: [Parameter]
    /// Per-row mean and reciprocal standard deviation from the last `forward`.
    private let mean: UnsafeMutablePointer<Float>
    private let reciprocalDeviation: UnsafeMutablePointer<Float>

    /// Creates a layer norm over `size` features for batches of up to `maxBatch` rows.
    public init(size: Int, maxBatch: Int, epsilon: Float = 1e-5) {
        precondition(size > 0 && maxBatch > 0, "LayerNorm: sizes must be positive")
        inputSize = size
        self.maxBatch = maxBatch
        self.epsilon = epsilon
        gain = Matrix(rows: 1, columns: size)
        gain.fill(1)
        bias = Matrix(rows: 1, columns: size)
        gainGradient = Matrix(rows: 1, columns: size)
        biasGradient = Matrix(rows: 1, columns: size)
        output = Matrix(rows: maxBatch, columns: size)
        inputGradient = Matrix(rows: maxBatch, columns: size)
        mean = .allocate(capacity: maxBatch)
        mean.initialize(repeating: 0, count: maxBatch)
        reciprocalDeviation = .allocate(capacity: maxBatch)
        reciprocalDeviation.initialize(repeating: 0, count: maxBatch)
        parameters = [
            Parameter(name: "weight", role: .normalizationGain, shape: [size], value: gain, gradient: gainGradient),
            Parameter(name: "bias", role: .normalizationBias, shape: [size], value: bias, gradient: biasGradient),
        ]
    }

    deinit {
        mean.deinitialize(count: maxBatch)
        mean.deallocate()
        reciprocalDeviation.deinitialize(count: maxBatch)
        reciprocalDeviation.deallocate()
    }

    @discardableResult
    public func forward(_ input: Matrix) -> Matrix {
        checkForward(input)
        output.setRowCount(input.rows)
        for row in 0..<input.rows {
            let (m, r) = normalize(input.row(row), into: output.row(row))
            mean[row] = m
            reciprocalDeviation[row] = r
        }
        return output
    }

    /// Uses the standard closed form with x̂ the normalized input and g = dy ⊙ gain:
    /// dx = r · (g − mean(g) − x̂ · mean(g ⊙ x̂)), r the reciprocal deviation.
    @discardableResult
    public func backward(input: Matrix, outputGradient: Matrix,
                         computesInputGradient: Bool, accumulatesParameterGradients: Bool) -> Matrix {
        checkBackward(input, outputGradient)
        precondition(output.rows == input.rows, "LayerNorm: backward without a matching forward")
        let n = inputSize
        let gamma = gain.baseAddress, dGamma = gainGradient.baseAddress, dBeta = biasGradient.baseAddress
        inputGradient.setRowCount(input.rows)
        for row in 0..<input.rows {
            let x = input.row(row), dy = outputGradient.row(row), dx = inputGradient.row(row)
            let m = mean[row], r = reciprocalDeviation[row]
            // x̂ goes into dx for now; each loop is either element-wise or one reduction, so
            // each vectorizes.
            for j in 0..<n { dx[j] = (x[j] - m) * r }
            if accumulatesParameterGradients {
                for j in 0..<n {
                    dGamma[j] += dy[j] * dx[j]
                    dBeta[j] += dy[j]
                }
            }
            let meanG = Self.sumOfProducts(dy, gamma, count: n) / Float(n)
            let meanGX = Self.sumOfProducts(dy, gamma, dx, count: n) / Float(n)
            for j in 0..<n { dx[j] = r * (dy[j] * gamma[j] - meanG - dx[j] * meanGX) }
        }
        return inputGradient
    }

    public func predict(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>) {
        _ = normalize(input, into: output)
    }

    /// Normalizes one row; returns its mean and reciprocal standard deviation.
    @inline(__always)
    private func normalize(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>) -> (Float, Float) {
        let n = inputSize
        let m = Self.sum(x, count: n) / Float(n)
        for j in 0..<n { y[j] = x[j] - m }
        let r = 1 / (Self.sumOfProducts(y, y, count: n) / Float(n) + epsilon).squareRoot()
        let gamma = gain.baseAddress, beta = bias.baseAddress
        for j in 0..<n { y[j] = y[j] * r * gamma[j] + beta[j] }
        return (m, r)
    }

    // Row reductions with eight partial sums: a plain loop's float sum cannot be reordered, so
    // it would not vectorize. The order is fixed, so results stay deterministic.

    @inline(__always)
    private static func sum(_ a: UnsafePointer<Float>, count: Int) -> Float {
        var lanes = SIMD8<Float>(), j = 0
        while j + 8 <= count {
            lanes += UnsafeRawPointer(a + j).loadUnaligned(as: SIMD8<Float>.self)
            j += 8
        }
        var total = lanes.sum()
        while j < count { total += a[j]; j += 1 }
        return total
    }

    @inline(__always)
    private static func sumOfProducts(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var lanes = SIMD8<Float>(), j = 0
        while j + 8 <= count {
            lanes += UnsafeRawPointer(a + j).loadUnaligned(as: SIMD8<Float>.self)
                * UnsafeRawPointer(b + j).loadUnaligned(as: SIMD8<Float>.self)
            j += 8
        }
        var total = lanes.sum()
        while j < count { total += a[j] * b[j]; j += 1 }
        return total
    }

    @inline(__always)
    private static func sumOfProducts(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                                      _ c: UnsafePointer<Float>, count: Int) -> Float {
        var lanes = SIMD8<Float>(), j = 0
        while j + 8 <= count {
            lanes += UnsafeRawPointer(a + j).loadUnaligned(as: SIMD8<Float>.self)
                * UnsafeRawPointer(b + j).loadUnaligned(as: SIMD8<Float>.self)
                * UnsafeRawPointer(c + j).loadUnaligned(as: SIMD8<Float>.self)
            j += 8
        }
        var total = lanes.sum()
        while j < count { total += a[j] * b[j] * c[j]; j += 1 }
        return total
    }
}
