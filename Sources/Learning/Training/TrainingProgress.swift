/// A snapshot of a training run, for progress lines and progress.csv.
public struct TrainingProgress: Sendable {
    /// Environment steps taken.
    public var timesteps: Int
    /// Steps the run will take.
    public var totalSteps: Int
    /// Episodes finished.
    public var episodes: Int
    /// Mean return of the last (up to) 10 finished episodes.
    public var recentMeanReturn: Double?
    /// The last periodic evaluation's mean return.
    public var lastEvaluationReturn: Double?
    /// Mean critic loss since the last row.
    public var criticLoss: Double?
    /// Mean actor loss since the last row.
    public var actorLoss: Double?
    /// Mean losses since the previous progress report (what TensorBoard's `train/` curves show).
    public var recentLosses = LossMeans()
    /// Means over the last 100 training episodes, as SB3's `rollout/` values (nil before the first).
    public var rollout: RolloutStatistics?
    /// The last periodic evaluation and the step it ran at.
    public var lastEvaluation: (step: Int, evaluation: Evaluation)?
    /// SAC's α.
    public var entropyCoefficient: Double?
    /// The exploration σ.
    public var sigma: Double?
    /// Mean continuity cost of the episodes finished since the last row.
    public var continuityCost: Double?
    /// Gradient updates done.
    public var updates: Int
    /// Updates per second since the first update.
    public var updatesPerSecond: Double
    /// Environment steps per second since the start.
    public var stepsPerSecond: Double
    /// Seconds since the start.
    public var elapsedSeconds: Double

    /// Estimated seconds to finish at the recent rate.
    public var etaSeconds: Double {
        stepsPerSecond > 0 ? Double(totalSteps - timesteps) / stepsPerSecond : .nan
    }
}
