/// The rectifier `y = max(0, x)`, element-wise.
public final class ReLU: Layer {
    public let inputSize: Int
    public var outputSize: Int { inputSize }
    public let maxBatch: Int
    public let output: Matrix
    public let inputGradient: Matrix
    /// None: a ReLU has no trainable tensors.
    public let parameters: [Parameter] = []

    /// Creates a ReLU over `size` features for batches of up to `maxBatch` rows.
    public init(size: Int, maxBatch: Int) {
        precondition(size > 0 && maxBatch > 0, "ReLU: sizes must be positive")
        inputSize = size
        self.maxBatch = maxBatch
        output = Matrix(rows: maxBatch, columns: size)
        inputGradient = Matrix(rows: maxBatch, columns: size)
    }

    @discardableResult
    public func forward(_ input: Matrix) -> Matrix {
        checkForward(input)
        output.setRowCount(input.rows)
        let x = input.baseAddress, y = output.baseAddress
        WorkSplitter.forEachHalf(of: input.count) { range in
            Self.apply(x + range.lowerBound, y + range.lowerBound, count: range.count)
        }
        return output
    }

    @discardableResult
    public func backward(input: Matrix, outputGradient: Matrix,
                         computesInputGradient: Bool, accumulatesParameterGradients: Bool) -> Matrix {
        checkBackward(input, outputGradient)
        inputGradient.setRowCount(input.rows)
        // The gradient at exactly 0 is taken as 0, as PyTorch does.
        let x = input.baseAddress, dy = outputGradient.baseAddress, dx = inputGradient.baseAddress
        WorkSplitter.forEachHalf(of: input.count) { range in
            for i in range {
                let gradient = dy[i]  // loaded unconditionally so the select vectorizes
                dx[i] = x[i] > 0 ? gradient : 0
            }
        }
        return inputGradient
    }

    public func predict(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>) {
        Self.apply(input, output, count: inputSize)
    }

    @inline(__always)
    private static func apply(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { y[i] = Swift.max(x[i], 0) }
    }
}
