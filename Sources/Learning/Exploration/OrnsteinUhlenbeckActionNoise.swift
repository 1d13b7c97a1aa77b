import SteadyCore

/// Temporally correlated noise from an Ornstein–Uhlenbeck process, as SB3's
/// `OrnsteinUhlenbeckActionNoise`: x ← x + θ(μ − x)·dt + σ·√dt·N(0, 1), with μ = 0 and x₀ = 0.
///
/// Each `sample` advances the process one step of `dt`; `reset` returns it to x₀.
public final class OrnsteinUhlenbeckActionNoise: ActionNoise {
    public let dimension: Int
    public let sigma: Double
    /// Mean reversion rate θ (SB3's default 0.15).
    public let theta: Double
    /// Time step of the process (SB3's default 0.01).
    public let dt: Double
    private let state: UnsafeMutablePointer<Double>

    /// Creates the process at x₀ = 0.
    public init(dimension: Int, sigma: Double, theta: Double = 0.15, dt: Double = 1e-2) {
        precondition(dimension > 0 && sigma >= 0 && theta >= 0 && dt > 0,
                     "OrnsteinUhlenbeckActionNoise: invalid parameters")
        self.dimension = dimension
        self.sigma = sigma
        self.theta = theta
        self.dt = dt
        state = .allocate(capacity: dimension)
        state.initialize(repeating: 0, count: dimension)
    }

    deinit { state.deallocate() }

    public func sample(into noise: UnsafeMutableBufferPointer<Float>, generator: inout SeededGenerator) {
        precondition(noise.count == dimension, "OrnsteinUhlenbeckActionNoise: wrong noise buffer size")
        let diffusion = sigma * dt.squareRoot()
        for i in 0..<dimension {
            state[i] += theta * (0 - state[i]) * dt + diffusion * generator.gaussian()
            noise[i] = Float(state[i])
        }
    }

    public func reset() {
        state.update(repeating: 0, count: dimension)
    }
}
