/// One finished episode of a hosted actor, as plain values that cross from the control tick
/// to the I/O thread through a `ValueRing`.
public struct ActorEpisode: Equatable, Sendable {
    /// 1, 2, 3, … in this run.
    public var episode: UInt64 = 0
    /// The weights version in use at its end.
    public var weightsVersion: UInt64 = 0
    /// The sum of its rewards.
    public var episodeReturn = 0.0
    /// Its transitions.
    public var length = 0
    /// Whether the task counted it a success (at its last step).
    public var success = false
    /// The task's distance to the goal at its end, m (NaN when the task has none).
    public var finalDistanceMeters = Double.nan
    /// The continuity cost of its normalized actions (`Metrics.continuityCost`, mean over the
    /// action components).
    public var continuityCost = 0.0

    /// An empty record.
    public init() {}

    /// The report the learner receives.
    public var report: SidecarMessage.EpisodeReport {
        var values: [(key: String, value: Double)] = [("return", episodeReturn), ("length", Double(length)),
                                                      ("is_success", success ? 1 : 0)]
        if finalDistanceMeters.isFinite { values.append(("distance", finalDistanceMeters)) }
        if continuityCost.isFinite { values.append(("continuity_cost", continuityCost)) }
        return SidecarMessage.EpisodeReport(episode: episode, weightsVersion: weightsVersion, values: values)
    }
}
