/// A policy's own action for one observation, as Stable-Baselines3's
/// `predict(deterministic=False)` gives it: a sample of SAC's squashed Gaussian, or a
/// deterministic policy's μ(s). `ActionNoiseExploration` adds its noise to this action.
public protocol StochasticPolicy: AnyObject {
    /// Action dimension.
    var actionSize: Int { get }
    /// Standard-normal draws one action takes: the action dimension for SAC, 0 for μ(s).
    var samplingDimension: Int { get }
    /// Writes the action for `observation` made with the standard-normal draws `epsilon`
    /// (`samplingDimension` floats).
    /// - Important: Allocates nothing.
    func sampleAction(observation: UnsafeBufferPointer<Float>, epsilon: UnsafeBufferPointer<Float>,
                      into action: UnsafeMutableBufferPointer<Float>)
    /// The policy's own σ for logs (SAC's mean σ over its last batch sample); nil for μ(s).
    var samplingSigma: Double? { get }
}
