/// The Adam optimizer (Kingma & Ba) with bias correction, as `torch.optim.Adam` computes it,
/// with optional clipping of the gradients' global norm first (as `clip_grad_norm_`).
///
/// For each scalar, with t the step count:
/// m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², θ ← θ − lr · (m / (1−β₁ᵗ)) / (√(v / (1−β₂ᵗ)) + ε).
public final class Adam {
    /// The tensors stepped, with the gradients they read.
    public let parameters: [Parameter]
    /// The step size; may be changed between steps (schedules).
    public var learningRate: Float
    /// Decay of the first-moment average.
    public let beta1: Float
    /// Decay of the second-moment average.
    public let beta2: Float
    /// Added to the denominator, 1e-8 by default.
    public let epsilon: Float
    /// When set, gradients are scaled so their global L2 norm is at most this before the step.
    public var maxGradientNorm: Float?
    /// Steps taken; bias correction uses it. Restore it with the moments when resuming.
    public var stepCount: Int = 0
    /// The global gradient norm seen by the last step, when clipping is on.
    public private(set) var lastGradientNorm: Float?
    /// First and second moment estimates, one matrix per parameter.
    public let firstMoments: [Matrix]
    /// See `firstMoments`.
    public let secondMoments: [Matrix]

    /// Creates an optimizer over `parameters` with zeroed moments.
    public init(parameters: [Parameter], learningRate: Float = 3e-4, beta1: Float = 0.9,
                beta2: Float = 0.999, epsilon: Float = 1e-8, maxGradientNorm: Float? = nil) {
        precondition(learningRate >= 0 && (0..<1).contains(beta1) && (0..<1).contains(beta2) && epsilon >= 0,
                     "Adam: invalid hyperparameters")
        self.parameters = parameters
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.maxGradientNorm = maxGradientNorm
        firstMoments = parameters.map { Matrix(rows: $0.value.rows, columns: $0.value.columns) }
        secondMoments = parameters.map { Matrix(rows: $0.value.rows, columns: $0.value.columns) }
    }

    /// Sets every parameter gradient to zero.
    public func zeroGradients() {
        for parameter in parameters { parameter.gradient.fill(0) }
    }

    /// Clips the gradients if asked, then updates every parameter once.
    /// - Important: Allocates nothing.
    public func step() {
        if let maxNorm = maxGradientNorm { clipGradients(maxNorm: maxNorm) }
        stepCount += 1
        let t = Double(stepCount)
        let correction1 = 1 - _pow(Double(beta1), t)
        let correction2 = 1 - _pow(Double(beta2), t)
        let stepSize = Float(Double(learningRate) / correction1)
        let inverseRootCorrection2 = Float(1 / correction2.squareRoot())
        let b1 = beta1, b2 = beta2, oneMinusB1 = 1 - beta1, oneMinusB2 = 1 - beta2, eps = epsilon
        for index in parameters.indices {
            let p = parameters[index].value.baseAddress, g = parameters[index].gradient.baseAddress
            let m = firstMoments[index].baseAddress, v = secondMoments[index].baseAddress
            WorkSplitter.forEachHalf(of: parameters[index].count) { range in
                for i in range {
                    let gi = g[i]
                    let mi = b1 * m[i] + oneMinusB1 * gi
                    let vi = b2 * v[i] + oneMinusB2 * gi * gi
                    m[i] = mi
                    v[i] = vi
                    // `magnitude` is a no-op on v ≥ 0 but lets LLVM use a vector square root instead
                    // of a libm call that must set errno for negative inputs.
                    p[i] -= stepSize * mi / (vi.magnitude.squareRoot() * inverseRootCorrection2 + eps)
                }
            }
        }
    }

    /// Scales all gradients by `maxNorm / (norm + 1e-6)` when that is below one, as
    /// `torch.nn.utils.clip_grad_norm_` does.
    private func clipGradients(maxNorm: Float) {
        var squares: Double = 0
        for parameter in parameters { squares += Double(parameter.gradient.sumOfSquares()) }
        let norm = Float(squares.squareRoot())
        lastGradientNorm = norm
        let coefficient = maxNorm / (norm + 1e-6)
        if coefficient < 1 {
            for parameter in parameters { parameter.gradient.scale(by: coefficient) }
        }
    }
}

#if canImport(Glibc)
import Glibc
@inline(__always) private func _pow(_ x: Double, _ y: Double) -> Double { Glibc.pow(x, y) }
#else
import Darwin
@inline(__always) private func _pow(_ x: Double, _ y: Double) -> Double { Darwin.pow(x, y) }
#endif
