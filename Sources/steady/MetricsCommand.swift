import ArgumentParser
import Foundation
import Metrics
import Runtime
import SteadyCore

/// `steady metrics PATH [--rate HZ] [--json]`: smoothness and wear metrics of a run or a CSV.
struct MetricsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract: "Report smoothness and wear metrics of a run or a CSV of joint commands.",
        discussion: """
        PATH is a CSV file or a run directory. In a run directory the run log (run.mcap, written \
        by steady run) is read, else its commands.csv; the metrics are written to summary.json in \
        the same directory (atomically). A run directory with only a summary.json has that \
        summary printed again.

        CSV layout: a header row of column names, then one row of numbers per control tick. \
        A bare column name is a joint's command in rad (cmd.<joint> says the same); optional \
        columns are time (s; replaces --rate), pos.<joint> (measured position, rad), \
        cur.<joint> (current, A), temp.<joint> (°C), limit.<stage> (1 when that safety stage \
        changed the command), loop.lateness_us and loop.missed. Lines starting with # are skipped.

        Metrics, per joint and averaged over joints, with a the command, N ticks, f_s the rate, \
        [lo, hi] the joint's range (each column's own min/max for a CSV) and duration \
        (N-1)/f_s: \
          continuity_cost             100 * mean(((a[t+1]-a[t])/(hi-lo))^2) \
          spectral_smoothness         2/(n f_s) * sum M_i f_i, n = N/2 (Mysore 2021) \
          reversals_per_second        direction changes / duration (steps under \
                                      0.1% of the range ignored) \
          total_variation_per_second  sum |a[t+1]-a[t]| / duration \
          rms_jerk                    RMS third difference of pos.<joint> / dt^3 \
          i2t_amp2_seconds, peak_temperature_celsius, seconds_above_60_celsius \
        plus limiter_activity (fraction of ticks per stage) and loop_timing (achieved rate, \
        nearest-rank lateness p50/p99/p99.9/max, overruns) when logged.

        Examples: \
          steady metrics runs/reach \
          steady metrics episode.csv --rate 100 --json
        """)

    @Argument(help: "A CSV file of joint commands, or a run directory.")
    var path: String

    @Option(name: .long, help: ArgumentHelp("Sample rate in Hz, for a CSV without a time column.",
                                            valueName: "HZ"), transform: CommandRanges.metricsRate.parse)
    var rate: Double?

    @Flag(name: .long, help: "Print the report as JSON instead of the terminal summary.")
    var json = false

    func validate() throws {
        if let rate, !(rate > 0 && rate.isFinite) {
            throw ValidationError("--rate must be a positive number of Hz, not \(rate)")
        }
    }

    func run() throws {
        do {
            let report = try Self.report(at: path, sampleRateHz: rate)
            if json {
                FileHandle.standardOutput.write(try report.jsonData())
            } else {
                print(report.renderSummary(), terminator: "")
            }
        } catch {
            FileHandle.standardError.write(Data("steady metrics: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }

    /// The report for PATH: computed from a CSV file, computed from a run's commands.csv (and
    /// saved as its summary.json), or re-read from a run's summary.json.
    static func report(at path: String, sampleRateHz: Double?) throws -> MetricsReport {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw MetricsInputError(path: path, reason: "no such file or directory")
        }
        guard isDirectory.boolValue else {
            return try reportFromCSV(path: path, sampleRateHz: sampleRateHz)
        }
        // Paths as the user wrote them, so errors name `runs/reach/commands.csv`, not an absolute path.
        func inside(_ name: String) -> String { path.hasSuffix("/") ? path + name : path + "/" + name }
        let commandsPath = inside(RunSignals.commandsFileName)
        let summaryPath = inside(MetricsReport.fileName)
        let logPath = inside(RunLogger.fileName)
        if FileManager.default.fileExists(atPath: logPath) {
            let log = try RunLog.read(URL(fileURLWithPath: logPath))
            if let warning = log.cutShortWarning(path: logPath) { printError("steady metrics: warning: \(warning)") }
            var signals = try log.signals(path: logPath)
            // Joint ranges from the robot file, as `steady run` computes its summary.
            if let robot = try? RobotDescription.load(log.metadata.robot) { signals = signals.withRanges(from: robot) }
            let report = MetricsReport(signals: signals)
            try report.write(to: URL(fileURLWithPath: summaryPath))
            return report
        }
        if FileManager.default.fileExists(atPath: commandsPath) {
            let report = try reportFromCSV(path: commandsPath, sampleRateHz: sampleRateHz)
            try report.write(to: URL(fileURLWithPath: summaryPath))
            return report
        }
        if FileManager.default.fileExists(atPath: summaryPath) {
            return try MetricsReport.load(contentsOf: URL(fileURLWithPath: summaryPath), displayPath: summaryPath)
        }
        throw MetricsInputError(path: path, reason: "not a run directory: it has no "
            + "\(RunSignals.commandsFileName) or \(MetricsReport.fileName)")
    }

    /// CSV file → signals → report.
    static func reportFromCSV(path: String, sampleRateHz: Double?) throws -> MetricsReport {
        let table = try CSVTable.load(contentsOf: URL(fileURLWithPath: path), displayPath: path)
        let signals = try RunSignals(table: table, sampleRateHz: sampleRateHz)
        return MetricsReport(signals: signals)
    }
}
