import Foundation
import Metrics
import Runtime
import SteadyCore

/// The end-of-run summary: a handful of lines readable in five seconds.
enum RunSummaryText {
    static func render(_ result: RunResult, robot: RobotDescription, directory: URL?) -> String {
        let c = result.counters
        var lines: [String] = []
        let verdict = result.stopReason.isFault ? "STOPPED ON FAULT" : (result.failedTooOften ? "FAILED" : "done")
        let failedNote = verdict == "FAILED" ? ", but too many ticks failed (below)" : ""
        lines.append("\(verdict): \(result.stopDescription)\(failedNote)")
        let rate = result.report?.loopTiming?.achievedRateHz ?? (result.elapsedSeconds > 0 ? Double(c.ticks) / result.elapsedSeconds : 0)
        var timing = "loop: \(c.ticks) ticks in \(fixed(result.elapsedSeconds, 1)) s, \(fixed(rate, 1)) Hz"
        if let t = result.report?.loopTiming {
            timing += ", lateness p50 \(fixed(t.latenessP50Microseconds, 0)) / p99 \(fixed(t.latenessP99Microseconds, 0)) / max \(fixed(t.latenessMaxMicroseconds, 0)) µs"
        }
        let missedPercent = c.ticks + c.missed > 0 ? 100 * Double(c.missed) / Double(c.ticks + c.missed) : 0
        timing += ", missed \(c.missed) (\(fixed(missedPercent, 3))%)"
        lines.append(timing)
        lines.append("bus: \(result.bus.transactions) transactions, \(result.bus.retries) retries, \(result.bus.timeouts) timeouts, \(result.bus.corruptReplies) corrupt, \(result.bus.staleReplies) stale; \(c.failedTicks) failed ticks")
        if result.failedTooOften {
            lines.append("FAILED: \(c.failedTicks) of \(c.ticks) ticks (\(fixed(result.failedShare * 100, 1))%) failed, more than "
                         + "--max-failed-share \(Double.spell(result.maxFailedShare)) (\(fixed(result.maxFailedShare * 100, 1))%): "
                         + "those ticks ran on the previous tick's readings; the bus is too slow or loses too many replies for this rate")
        }
        if c.policyOverruns > 0 || c.stallReactions > 0 {
            lines.append("policy overruns \(c.policyOverruns), stall reactions \(c.stallReactions)")
        }
        if let report = result.report {
            lines.append("smoothness: continuity \(fixed(report.continuityCost, 4)), spectral \(fixed(report.spectralSmoothness, 3)), reversals \(fixed(report.reversalsPerSecond, 2))/s"
                         + (report.rmsJerk.map { ", rms jerk \(fixed($0, 1))" } ?? ""))
            let active = report.limiterActivity.filter { $0.value > 0 }.sorted { $0.value > $1.value }.prefix(3)
            lines.append("limiters: " + (active.isEmpty ? "never active" : active.map { "\($0.key) \(fixed($0.value * 100, 1))%" }.joined(separator: ", ")))
            if let peak = report.joints.values.compactMap(\.peakTemperatureCelsius).max() {
                lines.append("thermal: peak \(fixed(peak, 0)) °C" + (report.i2tAmp2Seconds.map { ", mean I²t \(fixed($0, 2)) A²s" } ?? ""))
            }
        }
        if let directory {
            lines.append("log: \(result.ticksLogged) ticks in \(directory.appendingPathComponent(RunLogger.fileName).path)"
                         + (result.droppedRecords > 0 ? " (\(result.droppedRecords) records DROPPED)" : "") + "; summary.json beside it")
        }
        switch result.torqueOff {
        case true?: lines.append("torque off on every motor")
        case false?: lines.append("WARNING: torque could not be switched off")
        case nil: lines.append("torque left on (--keep-torque)")
        }
        for problem in result.shutdownProblems { lines.append("problem: \(problem)") }
        return lines.joined(separator: "\n")
    }
}
