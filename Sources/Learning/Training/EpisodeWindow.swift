/// The last episodes of a training run, as Stable-Baselines3 keeps them (`ep_info_buffer`,
/// `ep_success_buffer`: the last 100) for `rollout/ep_rew_mean`, `rollout/ep_len_mean` and
/// `rollout/success_rate`.
struct EpisodeWindow {
    /// How many episodes the window keeps.
    let capacity: Int
    private var returns: [Double] = []
    private var lengths: [Int] = []
    private var successes: [Bool] = []

    init(capacity: Int = 100) {
        precondition(capacity > 0, "an episode window keeps at least one episode")
        self.capacity = capacity
    }

    /// Adds a finished episode; `success` is its last step's `is_success`, nil when the
    /// environment does not report one.
    mutating func add(return value: Double, length: Int, success: Bool?) {
        returns.append(value)
        lengths.append(length)
        if returns.count > capacity {
            returns.removeFirst()
            lengths.removeFirst()
        }
        if let success {
            successes.append(success)
            if successes.count > capacity { successes.removeFirst() }
        }
    }

    /// The means over the window, nil before the first episode.
    var statistics: RolloutStatistics? {
        guard !returns.isEmpty else { return nil }
        return RolloutStatistics(
            meanReturn: returns.reduce(0, +) / Double(returns.count),
            meanLength: Double(lengths.reduce(0, +)) / Double(lengths.count),
            successRate: successes.isEmpty ? nil : Double(successes.filter { $0 }.count) / Double(successes.count),
            episodes: returns.count)
    }
}

/// Means over the last (up to 100) training episodes.
public struct RolloutStatistics: Sendable, Equatable {
    /// Mean undiscounted return.
    public var meanReturn: Double
    /// Mean length in steps.
    public var meanLength: Double
    /// Fraction of the episodes that ended with `is_success`, for environments that report it.
    public var successRate: Double?
    /// Episodes the means are over.
    public var episodes: Int
}
