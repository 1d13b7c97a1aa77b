/// The off-policy loop's settings (SB3's `OffPolicyAlgorithm` arguments plus evaluation and
/// logging), independent of the algorithm.
public struct TrainingSettings: Codable, Equatable, Sendable {
    /// Environment steps to take in total (over all environments).
    public var totalSteps: Int
    /// Steps of uniformly random actions before the first update (SB3's `learning_starts`).
    public var learningStarts: Int = 100
    /// Collection rounds (one step of every environment) between training phases.
    public var trainFrequency: Int = 1
    /// Gradient updates per training phase; −1 means one per environment step collected.
    public var gradientSteps: Int = 1
    /// Replay capacity (capped at `totalSteps`, since more could never fill).
    public var bufferSize: Int = 1_000_000
    /// Steps between deterministic evaluations (each followed by a checkpoint); 0 for none.
    public var evaluationInterval: Int = 5_000
    /// Episodes per periodic evaluation.
    public var evaluationEpisodes: Int = 5
    /// Episodes of the final evaluation.
    public var finalEvaluationEpisodes: Int = 10
    /// Steps between rows of progress.csv.
    public var logInterval: Int = 1_000
    /// Hindsight relabelled goals per stored transition (HER's k, SB3's `n_sampled_goal`); 0
    /// for none. Needs a `GoalConditionedTask`.
    public var hindsightGoals: Int = 0
    /// How the learning rate changes over the run (SB3's `learning_rate` schedule).
    public var learningRateSchedule: LearningRateSchedule = .constant
    /// The seed of everything: networks, environments, replay sampling, noise.
    public var seed: UInt64

    /// Creates settings with SB3's defaults.
    public init(totalSteps: Int, seed: UInt64) {
        self.totalSteps = totalSteps
        self.seed = seed
    }
}

/// A learning-rate schedule: the factor on the configured rate as training progresses.
public enum LearningRateSchedule: String, Codable, Sendable, CaseIterable {
    /// The configured rate throughout.
    case constant
    /// The configured rate times the fraction of the run still to go (SB3 and rl-zoo's
    /// `linear_schedule`, the zoo's `lin_` prefix): full at the start, 0 at the last step.
    case linear

    /// The factor on the configured rate when `progressRemaining` (1 at the start, 0 at the
    /// end) of the run is left.
    public func scale(progressRemaining: Double) -> Double {
        switch self {
        case .constant: return 1
        case .linear: return min(max(progressRemaining, 0), 1)
        }
    }
}
