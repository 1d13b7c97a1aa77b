import Foundation
import SteadyCore

/// The metrics of one run, as written to `RUN/summary.json` and printed by `steady metrics`.
///
/// JSON layout (snake_case keys, sorted):
/// ```
/// {
///   "ticks": 30000, "rate_hz": 1000, "duration_seconds": 29.999,
///   "continuity_cost": …, "spectral_smoothness": …,            // means over joints
///   "reversals_per_second": …, "total_variation_per_second": …,
///   "rms_jerk": …,                                              // when positions were logged
///   "i2t_amp2_seconds": …, "peak_temperature_celsius": …,       // when currents / temperatures
///   "seconds_above_60_celsius": …,                              //   were logged
///   "joints": { "<name>": { the same metric keys, per joint, plus "range": [lo, hi] } },
///   "joint_names": ["<name>", …],                               // the robot's joint order
///   "limiter_activity": { "<stage>": fraction of ticks it changed the command },
///   "loop_timing": { "achieved_rate_hz", "lateness_p50_us", "lateness_p99_us",
///                    "lateness_p999_us", "lateness_max_us", "overruns" }  // when logged
/// }
/// ```
/// The duration is (N − 1) / f_s: first tick to last (t_last − t_first with a `time` column).
/// Top-level values are plain means over the joints that have the metric (the peak
/// temperature too: the hottest joint is in `joints`).
public struct MetricsReport: Codable, Equatable, Sendable {
    /// The report's file name inside a run directory.
    public static let fileName = "summary.json"

    /// The number of ticks N.
    public var ticks: Int
    /// The sample rate f_s, Hz.
    public var rateHz: Double
    /// (N − 1) / f_s, seconds.
    public var durationSeconds: Double
    /// Mean continuity cost over joints.
    public var continuityCost: Double
    /// Mean spectral smoothness over joints.
    public var spectralSmoothness: Double
    /// Mean reversals per second over joints.
    public var reversalsPerSecond: Double
    /// Mean total variation per second over joints.
    public var totalVariationPerSecond: Double
    /// Mean RMS jerk over joints with logged positions.
    public var rmsJerk: Double?
    /// Mean I²t, A²·s, over joints with logged currents.
    public var i2tAmp2Seconds: Double?
    /// Mean peak temperature, °C, over joints with logged temperatures.
    public var peakTemperatureCelsius: Double?
    /// Mean seconds above 60 °C over joints with logged temperatures.
    public var secondsAbove60Celsius: Double?
    /// Per-joint metrics by joint name.
    public var joints: [String: JointMetrics]
    /// Joint names in the robot's order (JSON objects do not keep order).
    public var jointNames: [String]
    /// Fraction of ticks each safety stage changed the command; empty when not logged.
    public var limiterActivity: [String: Double]
    /// The control loop's timing, when logged.
    public var loopTiming: LoopTimingSummary?

    enum CodingKeys: String, CodingKey {
        case ticks
        case rateHz = "rate_hz"
        case durationSeconds = "duration_seconds"
        case continuityCost = "continuity_cost"
        case spectralSmoothness = "spectral_smoothness"
        case reversalsPerSecond = "reversals_per_second"
        case totalVariationPerSecond = "total_variation_per_second"
        case rmsJerk = "rms_jerk"
        case i2tAmp2Seconds = "i2t_amp2_seconds"
        case peakTemperatureCelsius = "peak_temperature_celsius"
        case secondsAbove60Celsius = "seconds_above_60_celsius"
        case joints
        case jointNames = "joint_names"
        case limiterActivity = "limiter_activity"
        case loopTiming = "loop_timing"
    }

    /// Computes the report of a run's signals.
    public init(signals: RunSignals) {
        let perJoint = signals.joints.map { JointMetrics(signals: $0, sampleRateHz: signals.sampleRateHz) }
        func mean(_ values: [Double]) -> Double? {
            values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
        }
        ticks = signals.ticks
        rateHz = signals.sampleRateHz
        durationSeconds = signals.durationSeconds
        continuityCost = mean(perJoint.map(\.continuityCost)) ?? 0
        spectralSmoothness = mean(perJoint.map(\.spectralSmoothness)) ?? 0
        reversalsPerSecond = mean(perJoint.map(\.reversalsPerSecond)) ?? 0
        totalVariationPerSecond = mean(perJoint.map(\.totalVariationPerSecond)) ?? 0
        rmsJerk = mean(perJoint.compactMap(\.rmsJerk))
        i2tAmp2Seconds = mean(perJoint.compactMap(\.i2tAmp2Seconds))
        peakTemperatureCelsius = mean(perJoint.compactMap(\.peakTemperatureCelsius))
        secondsAbove60Celsius = mean(perJoint.compactMap(\.secondsAbove60Celsius))
        jointNames = signals.joints.map(\.name)
        joints = Dictionary(zip(jointNames, perJoint), uniquingKeysWith: { first, _ in first })
        limiterActivity = signals.limiterFlags.map {
            Metrics.limiterActivity(flags: $0, stageNames: signals.limiterStageNames)
        } ?? [:]
        loopTiming = signals.loopTiming.map {
            LoopTimingSummary(latenessSeconds: $0.latenessSeconds, missedTicks: $0.missedTicks,
                              elapsedSeconds: $0.elapsedSeconds)
        }
    }

    /// Decodes a report; `joint_names` may be missing (older or hand-written files), in which
    /// case the joints are listed by name.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        ticks = try container.decode(Int.self, forKey: .ticks)
        rateHz = try container.decode(Double.self, forKey: .rateHz)
        durationSeconds = try container.decode(Double.self, forKey: .durationSeconds)
        continuityCost = try container.decode(Double.self, forKey: .continuityCost)
        spectralSmoothness = try container.decode(Double.self, forKey: .spectralSmoothness)
        reversalsPerSecond = try container.decode(Double.self, forKey: .reversalsPerSecond)
        totalVariationPerSecond = try container.decode(Double.self, forKey: .totalVariationPerSecond)
        rmsJerk = try container.decodeIfPresent(Double.self, forKey: .rmsJerk)
        i2tAmp2Seconds = try container.decodeIfPresent(Double.self, forKey: .i2tAmp2Seconds)
        peakTemperatureCelsius = try container.decodeIfPresent(Double.self, forKey: .peakTemperatureCelsius)
        secondsAbove60Celsius = try container.decodeIfPresent(Double.self, forKey: .secondsAbove60Celsius)
        let decodedJoints = try container.decode([String: JointMetrics].self, forKey: .joints)
        joints = decodedJoints
        let names = try container.decodeIfPresent([String].self, forKey: .jointNames)
        jointNames = names.flatMap { Set($0) == Set(decodedJoints.keys) ? $0 : nil } ?? decodedJoints.keys.sorted()
        limiterActivity = try container.decodeIfPresent([String: Double].self, forKey: .limiterActivity) ?? [:]
        loopTiming = try container.decodeIfPresent(LoopTimingSummary.self, forKey: .loopTiming)
    }

    /// The report as pretty-printed JSON with sorted keys (stable for diffs), ending in a newline.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(UInt8(ascii: "\n"))
        return data
    }

    /// Writes the report as JSON to `url` atomically (temp file + rename).
    /// - Throws: `SteadyFileError.writeFailed` naming the file.
    public func write(to url: URL) throws {
        let data: Data
        do {
            data = try jsonData()
        } catch {
            throw SteadyFileError.writeFailed(path: url.path, reason: "could not encode the report: \(error)")
        }
        try AtomicFile.write(data, to: url)
    }

    /// Reads a report written by `write(to:)`.
    /// - Throws: `MetricsInputError` naming the file when it is missing or not a metrics summary.
    public static func load(contentsOf url: URL, displayPath: String? = nil) throws -> MetricsReport {
        let path = displayPath ?? url.path
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw MetricsInputError(path: path, reason: "no such file")
        }
        do {
            return try JSONDecoder().decode(MetricsReport.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            let at = (context.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: ".")
            throw MetricsInputError(path: path, reason: "not a metrics summary: missing '\(at)'")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context),
                let DecodingError.dataCorrupted(context) {
            let at = context.codingPath.map(\.stringValue).joined(separator: ".")
            let location = at.isEmpty ? "" : " at '\(at)'"
            throw MetricsInputError(path: path, reason: "not a metrics summary\(location): \(context.debugDescription)")
        } catch {
            throw MetricsInputError(path: path, reason: "not a metrics summary: \(error)")
        }
    }
}
