import Metrics

/// A deployment run's TensorBoard curves, fed by the run logger's thread (never the loop's):
/// each status window (about every 0.5 s) adds one point per tag at step = ticks logged.
///
/// | tag | value |
/// |---|---|
/// | `loop/rate_hz`, `loop/lateness_p99_us` | over the window |
/// | `loop/missed_ticks`, `loop/failed_ticks`, `loop/policy_overruns` | totals so far |
/// | `thermal/peak_celsius` | the hottest motor's latest temperature |
/// | `safety/limiter_activity` | fraction of the window's ticks a limiting stage changed |
/// | `wear/continuity_cost`, `wear/reversals_per_second` | of the commands sent in the window, means over joints (`StreamingWear`) |
/// | `run/…` | once at the end, the whole run's summary.json figures |
public final class RunTensorBoard {
    /// Where the events go.
    public let writer: TensorBoardWriter
    private var wear: StreamingWear
    private let rateHz: Double

    /// Curves of a run at `rateHz` whose joints move in `jointRanges` (robot.yaml's limits,
    /// which normalize the continuity cost as in summary.json).
    public init(writer: TensorBoardWriter, jointRanges: [ClosedRange<Double>], rateHz: Double) {
        self.writer = writer
        wear = StreamingWear(ranges: jointRanges)
        self.rateHz = rateHz
    }

    /// Adds one tick record's commands to the window.
    func add(_ record: UnsafePointer<Double>, layout: TickRecordLayout) {
        for joint in 0..<min(wear.count, layout.jointCount) {
            wear.add(record[layout.index(.command, joint: joint)], signal: joint)
        }
    }

    /// Writes the window's points at `step` and starts the next window.
    func writeWindow(status: LiveStatus, counters: LoopCounters.Snapshot?, step: Int) {
        var scalars = [TensorBoardScalar("loop/rate_hz", status.rateHz),
                       TensorBoardScalar("loop/lateness_p99_us", status.latenessP99Microseconds),
                       TensorBoardScalar("safety/limiter_activity", status.limiterActivity)]
        if let counters {
            scalars += [TensorBoardScalar("loop/missed_ticks", Double(counters.missed)),
                        TensorBoardScalar("loop/failed_ticks", Double(counters.failedTicks)),
                        TensorBoardScalar("loop/policy_overruns", Double(counters.policyOverruns))]
        }
        if let hottest = status.hottest { scalars.append(TensorBoardScalar("thermal/peak_celsius", hottest.celsius)) }
        if let window = wear.window(sampleRateHz: rateHz) {
            scalars += [TensorBoardScalar("wear/continuity_cost", window.continuityCost),
                        TensorBoardScalar("wear/reversals_per_second", window.reversalsPerSecond)]
        }
        wear.startWindow()
        writer.add(scalars, step: step)
    }

    /// Writes the whole run's figures (summary.json's) once, at `step`.
    public func writeSummary(_ report: MetricsReport, step: Int) {
        let values: [(String, Double?)] = [
            ("run/continuity_cost", report.continuityCost), ("run/spectral_smoothness", report.spectralSmoothness),
            ("run/reversals_per_second", report.reversalsPerSecond), ("run/rms_jerk", report.rmsJerk),
            ("run/i2t_amp2_seconds", report.i2tAmp2Seconds), ("run/peak_celsius", report.peakTemperatureCelsius),
            ("run/lateness_p99_us", report.loopTiming?.latenessP99Microseconds),
        ]
        writer.add(values.compactMap { tag, value in value.flatMap { $0.isFinite ? TensorBoardScalar(tag, $0) : nil } }, step: step)
    }
}
