import Neural

/// A policy as gSDE explores with it: for one observation, the mean its noise is added to and the
/// last hidden features z(s) the noise is linear in; how a perturbed mean becomes an action;
/// and where σ comes from. gSDE reaches the network only through this.
public protocol StateDependentPolicy: AnyObject {
    /// Action dimension.
    var actionSize: Int { get }
    /// Width of z(s).
    var featureSize: Int { get }
    /// Writes the mean for `observation` (TD3/DDPG's μ(s); SAC's pre-squash μ clipped to ±2)
    /// and z(s).
    /// - Important: Allocates nothing.
    func stateDependentMean(observation: UnsafeBufferPointer<Float>, into mean: UnsafeMutableBufferPointer<Float>,
                            features: UnsafeMutableBufferPointer<Float>)
    /// Turns perturbed means into actions in place: tanh for SAC, clipped to [−1, 1] for TD3/DDPG.
    func squashPerturbedMean(_ values: UnsafeMutableBufferPointer<Float>)
    /// SAC's learned log σ, `features × actions`; nil when σ is scheduled from the features
    /// instead (a deterministic actor has no likelihood through which to learn it).
    var stateDependentLogStd: Parameter? { get }
    /// z(s) for each row of the policy's last batch forward (the update's, on the learner).
    var features: Matrix { get }
}
