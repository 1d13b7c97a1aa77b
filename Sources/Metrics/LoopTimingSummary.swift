/// How well the control loop held its rate: achieved rate, lateness percentiles and overruns.
///
/// Lateness is how long after its absolute deadline a tick started, in seconds on input and in
/// microseconds in the report. Percentiles are nearest-rank (see `nearestRankPercentile`): each
/// is a lateness some tick really had. An overrun is a deadline the loop skipped because a tick
/// ran past it (the loop never makes skipped ticks up in a burst).
public struct LoopTimingSummary: Codable, Equatable, Sendable {
    /// Ticks actually run per second: (ticks − 1) / elapsed seconds from the first tick to the last.
    public var achievedRateHz: Double
    /// Median lateness, µs.
    public var latenessP50Microseconds: Double
    /// 99th-percentile lateness, µs.
    public var latenessP99Microseconds: Double
    /// 99.9th-percentile lateness, µs.
    public var latenessP999Microseconds: Double
    /// Worst lateness, µs.
    public var latenessMaxMicroseconds: Double
    /// Deadlines skipped because a tick overran.
    public var overruns: Int

    enum CodingKeys: String, CodingKey {
        case achievedRateHz = "achieved_rate_hz"
        case latenessP50Microseconds = "lateness_p50_us"
        case latenessP99Microseconds = "lateness_p99_us"
        case latenessP999Microseconds = "lateness_p999_us"
        case latenessMaxMicroseconds = "lateness_max_us"
        case overruns
    }

    /// Creates a summary from stored figures.
    public init(achievedRateHz: Double, latenessP50Microseconds: Double, latenessP99Microseconds: Double,
                latenessP999Microseconds: Double, latenessMaxMicroseconds: Double, overruns: Int) {
        self.achievedRateHz = achievedRateHz
        self.latenessP50Microseconds = latenessP50Microseconds
        self.latenessP99Microseconds = latenessP99Microseconds
        self.latenessP999Microseconds = latenessP999Microseconds
        self.latenessMaxMicroseconds = latenessMaxMicroseconds
        self.overruns = overruns
    }

    /// Summarises per-tick lateness.
    ///
    /// - Parameters:
    ///   - latenessSeconds: one entry per tick that ran: its start minus its deadline, seconds.
    ///   - missedTicks: deadlines skipped over the whole run.
    ///   - elapsedSeconds: time from the first tick's start to the last's. Without timestamps,
    ///     use (ticks − 1 + missedTicks) / nominal rate: skipped deadlines still take time.
    public init(latenessSeconds: [Double], missedTicks: Int, elapsedSeconds: Double) {
        precondition(missedTicks >= 0, "missed tick count cannot be negative")
        let sorted = latenessSeconds.sorted()
        func microseconds(_ percent: Double) -> Double {
            (nearestRankPercentile(sorted: sorted, percent: percent) ?? 0) * 1e6
        }
        achievedRateHz = elapsedSeconds > 0 ? Double(max(sorted.count - 1, 0)) / elapsedSeconds : 0
        latenessP50Microseconds = microseconds(50)
        latenessP99Microseconds = microseconds(99)
        latenessP999Microseconds = microseconds(99.9)
        latenessMaxMicroseconds = (sorted.last ?? 0) * 1e6
        overruns = missedTicks
    }
}
