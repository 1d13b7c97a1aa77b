import Foundation

/// The hyperbolic tangent, element-wise; squashes actions into (−1, 1).
public final class Tanh: Layer {
    public let inputSize: Int
    public var outputSize: Int { inputSize }
    public let maxBatch: Int
    public let output: Matrix
    public let inputGradient: Matrix
    /// None: a tanh has no trainable tensors.
    public let parameters: [Parameter] = []

    /// Creates a tanh over `size` features for batches of up to `maxBatch` rows.
    public init(size: Int, maxBatch: Int) {
        precondition(size > 0 && maxBatch > 0, "Tanh: sizes must be positive")
        inputSize = size
        self.maxBatch = maxBatch
        output = Matrix(rows: maxBatch, columns: size)
        inputGradient = Matrix(rows: maxBatch, columns: size)
    }

    @discardableResult
    public func forward(_ input: Matrix) -> Matrix {
        checkForward(input)
        output.setRowCount(input.rows)
        Self.apply(input.baseAddress, output.baseAddress, count: input.count)
        return output
    }

    /// Uses the saved output: d tanh(x)/dx = 1 − tanh(x)².
    @discardableResult
    public func backward(input: Matrix, outputGradient: Matrix,
                         computesInputGradient: Bool, accumulatesParameterGradients: Bool) -> Matrix {
        checkBackward(input, outputGradient)
        precondition(output.rows == input.rows, "Tanh: backward without a matching forward")
        inputGradient.setRowCount(input.rows)
        let y = output.baseAddress, dy = outputGradient.baseAddress, dx = inputGradient.baseAddress
        for i in 0..<input.count { dx[i] = dy[i] * (1 - y[i] * y[i]) }
        return inputGradient
    }

    public func predict(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>) {
        Self.apply(input, output, count: inputSize)
    }

    @inline(__always)
    private static func apply(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { y[i] = tanhf(x[i]) }
    }
}
