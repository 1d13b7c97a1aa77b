import Metrics

/// The wear of the exploring policy: Metrics' smoothness measures of the normalized actions it
/// sent during training, per episode, averaged over the episodes it acted in alone (episodes
/// that began before `learningStarts` mix in uniformly random actions and are left out).
///
/// Each episode's value is the mean over action components of `continuityCost` (range
/// [−1, 1]), `spectralSmoothness`, `reversalsPerSecond` and `rmsJerk` of the component's action
/// signal at the environment's control rate — the functions `steady metrics` uses for a run's
/// commands. RMS jerk is of the normalized action, in 1/s³ (the command's third difference).
/// Computed at episode ends, never per step.
public struct ExplorationWear: Sendable {
    /// The control rate the actions were sent at, Hz.
    public let sampleRateHz: Double
    /// Episodes measured.
    public private(set) var episodes = 0
    private var sums = (continuityCost: 0.0, spectralSmoothness: 0.0, reversalsPerSecond: 0.0, rmsJerk: 0.0)
    private var jerkEpisodes = 0

    /// An empty record for actions sent at `sampleRateHz`.
    public init(sampleRateHz: Double) {
        precondition(sampleRateHz > 0, "ExplorationWear: sample rate must be positive")
        self.sampleRateHz = sampleRateHz
    }

    /// Adds one finished episode's actions.
    public mutating func add(_ history: ActionHistory) {
        guard history.count >= 2, history.dimension > 0 else { return }
        var episode = (0.0, 0.0, 0.0, 0.0)
        var jerks = 0
        for component in 0..<history.dimension {
            let signal = history.signal(component)
            episode.0 += Metrics.continuityCost(signal, range: -1...1)
            episode.1 += Metrics.spectralSmoothness(signal, sampleRateHz: sampleRateHz)
            episode.2 += Metrics.reversalsPerSecond(signal, range: -1...1, sampleRateHz: sampleRateHz)
            if let jerk = Metrics.rmsJerk(signal, sampleRateHz: sampleRateHz) {
                episode.3 += jerk
                jerks += 1
            }
        }
        let d = Double(history.dimension)
        episodes += 1
        sums.continuityCost += episode.0 / d
        sums.spectralSmoothness += episode.1 / d
        sums.reversalsPerSecond += episode.2 / d
        if jerks > 0 {
            sums.rmsJerk += episode.3 / Double(jerks)
            jerkEpisodes += 1
        }
    }

    /// Mean continuity cost per episode (NaN before the first episode).
    public var continuityCost: Double { mean(sums.continuityCost, episodes) }
    /// Mean spectral smoothness Sm per episode.
    public var spectralSmoothness: Double { mean(sums.spectralSmoothness, episodes) }
    /// Mean direction reversals per second per episode.
    public var reversalsPerSecond: Double { mean(sums.reversalsPerSecond, episodes) }
    /// Mean RMS jerk of the normalized action per episode, 1/s³.
    public var rmsJerk: Double { mean(sums.rmsJerk, jerkEpisodes) }

    private func mean(_ sum: Double, _ count: Int) -> Double { count > 0 ? sum / Double(count) : .nan }

    /// wear.json: the means above, the episode count and the rate; `null` where undefined.
    /// Thermal load (I²t) is not part of it: the training tasks' actuators report no current.
    public var json: String {
        func number(_ value: Double) -> String { value.isFinite ? String(value) : "null" }
        return """
        {
          "episodes": \(episodes),
          "sample_rate_hz": \(number(sampleRateHz)),
          "continuity_cost": \(number(continuityCost)),
          "spectral_smoothness": \(number(spectralSmoothness)),
          "reversals_per_second": \(number(reversalsPerSecond)),
          "rms_jerk": \(number(rmsJerk)),
          "i2t_amp2_seconds": null
        }

        """
    }
}
