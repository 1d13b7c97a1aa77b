import SteadyCore

/// Noise added to a deterministic policy's action in the normalized [−1, 1] action space, as
/// Stable-Baselines3's `common/noise.py`. The caller adds it, clips to [−1, 1], then unscales.
///
/// Noise objects know nothing of networks or environments.
public protocol ActionNoise: AnyObject {
    /// Components per noise vector (the action dimension).
    var dimension: Int { get }
    /// The noise's scale σ, for logs.
    var sigma: Double { get }
    /// Writes the next noise vector into `noise` (`dimension` floats).
    /// - Important: Allocates nothing.
    func sample(into noise: UnsafeMutableBufferPointer<Float>, generator: inout SeededGenerator)
    /// Restarts a stateful process at an episode boundary.
    func reset()
}
