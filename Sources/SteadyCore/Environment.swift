/// The outcome of one environment step, as gymnasium's `step` returns it.
public struct StepResult: Sendable {
    public var observation: [Float]
    public var reward: Double
    /// The episode ended in a terminal state (no bootstrapping from `observation`).
    public var terminated: Bool
    /// The episode was cut off by a time limit (bootstrapping is still valid).
    public var truncated: Bool
    /// Extra named values (e.g. `is_success`, achieved goal), for logs and evaluation.
    public var info: [String: Double]

    public init(observation: [Float], reward: Double, terminated: Bool, truncated: Bool,
                info: [String: Double] = [:]) {
        self.observation = observation
        self.reward = reward
        self.terminated = terminated
        self.truncated = truncated
        self.info = info
    }
}

/// A learning task: reset with a seed, then step with actions in the normalized [-1, 1] space.
///
/// Implementations map normalized actions to their own units (joint targets, torques) with
/// `rawActionSpace.unscale`. Same seed must give the same episode.
public protocol Environment: AnyObject {
    /// Short identifier such as `pendulum` or `so101:reach`.
    var name: String { get }
    /// Observation bounds (may be ±infinity).
    var observationSpace: BoxSpace { get }
    /// The action space the policy sees; always [-1, 1] per dimension.
    var actionSpace: BoxSpace { get }
    /// The environment's own action units that [-1, 1] maps onto.
    var rawActionSpace: BoxSpace { get }
    /// Control period in seconds (for smoothness metrics of the actions sent).
    var controlPeriodSeconds: Double { get }
    /// Starts a new episode; the seed, when given, reseeds the environment's generator.
    func reset(seed: UInt64?) throws -> [Float]
    /// Applies a normalized action and advances one control period.
    func step(_ action: [Float]) throws -> StepResult
}
