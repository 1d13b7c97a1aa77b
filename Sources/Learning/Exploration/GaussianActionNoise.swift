import SteadyCore

/// Independent N(0, σ²) noise per action component (SB3's `NormalActionNoise` with zero mean).
public final class GaussianActionNoise: ActionNoise {
    public let dimension: Int
    public let sigma: Double

    /// Creates noise with standard deviation `sigma` in each of `dimension` components.
    public init(dimension: Int, sigma: Double) {
        precondition(dimension > 0 && sigma >= 0, "GaussianActionNoise: invalid dimension or sigma")
        self.dimension = dimension
        self.sigma = sigma
    }

    public func sample(into noise: UnsafeMutableBufferPointer<Float>, generator: inout SeededGenerator) {
        precondition(noise.count == dimension, "GaussianActionNoise: wrong noise buffer size")
        for i in 0..<dimension { noise[i] = Float(sigma * generator.gaussian()) }
    }

    /// Nothing to reset: draws are independent.
    public func reset() {}
}
