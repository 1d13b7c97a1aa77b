import Sim

/// The reach task's reward, success and episode length, read off the task itself so that a
/// runtime scores its episodes as `steady train` scores the simulated ones.
///
/// Until the reach task exposes its reward as a function of readings, the formula is written
/// out here from `ReachTask`'s (dense r = −d − c·‖aₜ − aₜ₋₁‖², sparse r = (d < threshold ? 0 : −1)
/// − c·‖aₜ − aₜ₋₁‖²) with the task's own parameters.
struct ReachEpisodeRules {
    /// Policy calls per episode.
    var maxEpisodeSteps: Int
    /// Success distance, m.
    var successThresholdMeters: Double
    /// Whether the reward is sparse.
    var isSparse: Bool
    /// The action-rate penalty's coefficient c.
    var actionRatePenalty: Double

    /// The rules of `task`.
    init(task: ReachTask) {
        maxEpisodeSteps = task.maxEpisodeSteps
        successThresholdMeters = task.successThresholdMeters
        isSparse = task.isSparse
        actionRatePenalty = task.actionRatePenalty
    }

    /// Explicit rules (tests).
    init(maxEpisodeSteps: Int, successThresholdMeters: Double = ReachTask.defaultSuccessThresholdMeters,
         isSparse: Bool = false, actionRatePenalty: Double = 0) {
        self.maxEpisodeSteps = maxEpisodeSteps
        self.successThresholdMeters = successThresholdMeters
        self.isSparse = isSparse
        self.actionRatePenalty = actionRatePenalty
    }

    /// Whether `distance` counts as reached.
    func isSuccess(distanceMeters distance: Double) -> Bool { distance < successThresholdMeters }

    /// The reward of a step that ended `distance` from the goal with action-rate ‖aₜ − aₜ₋₁‖² `rate`.
    func reward(distanceMeters distance: Double, actionRate rate: Double) -> Double {
        (isSparse ? (isSuccess(distanceMeters: distance) ? 0 : -1) : -distance) - actionRatePenalty * rate
    }
}
