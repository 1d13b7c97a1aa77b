/// A task whose observation carries an achieved and a desired goal and whose reward depends on
/// them alone (apart from an optional action-rate penalty), as gymnasium-robotics'
/// `GoalEnv` does, so that hindsight experience replay can relabel goals.
///
/// The goals are slices of the flat observation (`achievedGoalRange`, `desiredGoalRange`).
/// `computeReward(achieved:desired:)` returns the goal-dependent part of the reward for any
/// pair; a step's reward is that minus the action-rate penalty, which the step reports in
/// `info["action_rate_penalty"]` so a relabelled reward can include it.
public protocol GoalConditionedTask: Environment {
    /// Indices of the achieved goal in the observation.
    var achievedGoalRange: Range<Int> { get }
    /// Indices of the desired goal in the observation.
    var desiredGoalRange: Range<Int> { get }
    /// The goal-dependent reward for reaching `achieved` when `desired` was wanted.
    func computeReward(achieved: [Float], desired: [Float]) -> Double
    /// Whether `achieved` counts as reaching `desired`.
    func isSuccess(achieved: [Float], desired: [Float]) -> Bool
    /// Writes `desired` into `observation` as its desired goal, with anything the observation
    /// derives from the goal (hindsight relabelling).
    func relabel(_ observation: UnsafeMutableBufferPointer<Float>, desired: UnsafeBufferPointer<Float>)
}

extension GoalConditionedTask {
    /// Writes `desired` over the desired-goal slice (for observations that derive nothing else from it).
    public func relabel(_ observation: UnsafeMutableBufferPointer<Float>, desired: UnsafeBufferPointer<Float>) {
        for (k, index) in desiredGoalRange.enumerated() { observation[index] = desired[k] }
    }
}
