import SteadyCore

/// N copies of an environment stepped together, each reset automatically when its episode ends.
///
/// Auto-reset follows stable-baselines3's `VecEnv` (gymnasium's "same-step" mode): when copy i
/// terminates or is truncated, the step's `observations[i]` is already the first observation
/// of the next episode and the observation that ended the episode is kept in
/// `finalObservations[i]`, so a learner can bootstrap from it after a truncation.
///
/// Copies are stepped one after another on the caller's thread.
public final class VectorEnvironment {
    /// The outcome of stepping every copy once.
    public struct StepResult: Sendable {
        /// Each copy's observation after the step (after its auto-reset, if it had one).
        public var observations: [[Float]]
        /// Each copy's reward for this step.
        public var rewards: [Double]
        /// Whether each copy's episode ended in a terminal state at this step.
        public var terminated: [Bool]
        /// Whether each copy's episode was cut off by its time limit at this step.
        public var truncated: [Bool]
        /// For copies whose episode ended at this step: the episode's last observation.
        public var finalObservations: [[Float]?]
        /// Each copy's info; for a copy that was reset, the info of its final step.
        public var infos: [[String: Double]]
    }

    /// The environment copies, in order.
    public let environments: [any Environment]

    /// Wraps existing environments; they must share their spaces.
    public init(_ environments: [any Environment]) {
        precondition(!environments.isEmpty, "VectorEnvironment needs at least one environment")
        let first = environments[0]
        precondition(environments.allSatisfy {
            $0.observationSpace == first.observationSpace && $0.actionSpace == first.actionSpace
        }, "VectorEnvironment: environments must share observation and action spaces")
        self.environments = environments
    }

    /// Creates `count` environments with `make(index)`.
    public convenience init(count: Int, make: (Int) throws -> any Environment) rethrows {
        precondition(count > 0, "VectorEnvironment needs at least one environment")
        self.init(try (0..<count).map(make))
    }

    /// Number of copies.
    public var count: Int { environments.count }
    /// The observation space of one copy.
    public var observationSpace: BoxSpace { environments[0].observationSpace }
    /// The normalized action space of one copy.
    public var actionSpace: BoxSpace { environments[0].actionSpace }

    /// Resets every copy; with a seed, copy i is seeded with `seed + i` (as gymnasium does).
    public func reset(seed: UInt64? = nil) throws -> [[Float]] {
        try environments.indices.map { i in
            try environments[i].reset(seed: seed.map { $0 &+ UInt64(i) })
        }
    }

    /// Steps copy i with `actions[i]`, auto-resetting the copies whose episodes end.
    public func step(_ actions: [[Float]]) throws -> StepResult {
        precondition(actions.count == count, "VectorEnvironment: need \(count) actions, got \(actions.count)")
        var result = StepResult(observations: [], rewards: [], terminated: [], truncated: [],
                                finalObservations: [], infos: [])
        result.observations.reserveCapacity(count)
        for (environment, action) in zip(environments, actions) {
            let step = try environment.step(action)
            result.rewards.append(step.reward)
            result.terminated.append(step.terminated)
            result.truncated.append(step.truncated)
            result.infos.append(step.info)
            if step.terminated || step.truncated {
                result.finalObservations.append(step.observation)
                result.observations.append(try environment.reset(seed: nil))
            } else {
                result.finalObservations.append(nil)
                result.observations.append(step.observation)
            }
        }
        return result
    }
}
