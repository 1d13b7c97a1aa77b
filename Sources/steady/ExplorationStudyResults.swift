import Foundation
import Metrics
import SteadyCore

/// One finished run of the study, read back from its run directory (eval.json, wear.json).
struct StudyRun {
    var name: String
    var configuration: StudyConfiguration
    var seed: UInt64
    var steps: Int
    var finalReturn: Double
    var returnStd: Double
    var successRate: Double?
    var continuityCost: Double
    var spectralSmoothness: Double
    var reversalsPerSecond: Double
    var rmsJerk: Double
    var thermalI2t: Double?
    var evalContinuityCost: Double
    var trainContinuityCost: Double
    var wallSeconds: Double

    /// The run directory name: `<configuration>-s<seed>`.
    static func name(_ configuration: StudyConfiguration, seed: UInt64) -> String { "\(configuration.name)-s\(seed)" }

    /// Splits a run directory name into configuration and seed; nil when it is not one.
    static func parse(name: String) -> (StudyConfiguration, UInt64)? {
        guard let dash = name.range(of: "-s", options: .backwards), let seed = UInt64(name[dash.upperBound...]),
              let configuration = StudyConfiguration(name: String(name[..<dash.lowerBound])) else { return nil }
        return (configuration, seed)
    }

    /// Reads a run directory; nil unless both files are whole and (with `requiredSteps`) the
    /// run trained that many steps — an interrupted `steady train` still writes eval.json, with fewer.
    static func load(directory: URL, requiredSteps: Int? = nil) -> StudyRun? {
        guard let (configuration, seed) = parse(name: directory.lastPathComponent),
              let eval = readJSON(directory.appendingPathComponent("eval.json")),
              let wear = readJSON(directory.appendingPathComponent("wear.json")),
              let steps = eval["steps"] as? Int, steps >= (requiredSteps ?? 0),
              let finalReturn = eval["mean_return"] as? Double else { return nil }
        func number(_ object: [String: Any], _ key: String) -> Double { (object[key] as? Double) ?? .nan }
        return StudyRun(name: directory.lastPathComponent, configuration: configuration, seed: seed, steps: steps,
                        finalReturn: finalReturn, returnStd: number(eval, "std_return"),
                        successRate: eval["success_rate"] as? Double,
                        continuityCost: number(wear, "continuity_cost"), spectralSmoothness: number(wear, "spectral_smoothness"),
                        reversalsPerSecond: number(wear, "reversals_per_second"), rmsJerk: number(wear, "rms_jerk"),
                        thermalI2t: wear["i2t_amp2_seconds"] as? Double,
                        evalContinuityCost: number(eval, "eval_continuity_cost"),
                        trainContinuityCost: number(eval, "train_continuity_cost"), wallSeconds: number(eval, "wall_seconds"))
    }

    private static func readJSON(_ url: URL) -> [String: Any]? {
        guard let data = try? Data(contentsOf: url) else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }

    /// Every finished run under `runsDirectory`, sorted by name.
    static func loadAll(runsDirectory: URL, requiredSteps: Int?) -> [StudyRun] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: runsDirectory.path)) ?? []
        return names.sorted().compactMap { load(directory: runsDirectory.appendingPathComponent($0), requiredSteps: requiredSteps) }
    }

    /// runs.csv's columns, in order.
    static let csvColumns = ["run", "config", "family", "interval", "layer_norm", "adaptive", "target_distance", "seed", "steps",
                             "final_return", "std_return", "success_rate", "continuity_cost", "spectral_smoothness",
                             "reversals_per_second", "rms_jerk", "i2t_amp2_seconds", "eval_continuity_cost",
                             "train_continuity_cost", "wall_seconds"]

    /// This run's runs.csv row (empty cells where a value does not exist).
    var csvRow: String {
        func cell(_ value: Double?) -> String { value.map { $0.isFinite ? String(format: "%.6g", $0) : "" } ?? "" }
        let c = configuration, param = c.family == .param
        let fields = [name, c.name, c.family.rawValue, String(c.interval), param ? (c.layerNorm ? "1" : "0") : "",
                      param ? (c.adaptive ? "1" : "0") : "", param && c.adaptive ? cell(c.targetDistance) : "", String(seed),
                      String(steps), cell(finalReturn), cell(returnStd), cell(successRate), cell(continuityCost),
                      cell(spectralSmoothness), cell(reversalsPerSecond), cell(rmsJerk), cell(thermalI2t),
                      cell(evalContinuityCost), cell(trainContinuityCost), cell(wallSeconds)]
        return fields.joined(separator: ",")
    }

    /// runs.csv for `runs`.
    static func csv(_ runs: [StudyRun]) -> String {
        ([csvColumns.joined(separator: ",")] + runs.map(\.csvRow)).joined(separator: "\n") + "\n"
    }
}

/// The runs of one configuration, summarized over seeds.
struct StudyConfigurationSummary {
    var configuration: StudyConfiguration
    var runs: [StudyRun]
    var finalReturn: MeanStd { MeanStd(runs.map(\.finalReturn)) }
    var successRate: MeanStd? { runs.contains { $0.successRate != nil } ? MeanStd(runs.compactMap(\.successRate)) : nil }
    var continuityCost: MeanStd { MeanStd(runs.map(\.continuityCost)) }
    var spectralSmoothness: MeanStd { MeanStd(runs.map(\.spectralSmoothness)) }
    var reversalsPerSecond: MeanStd { MeanStd(runs.map(\.reversalsPerSecond)) }
    var rmsJerk: MeanStd { MeanStd(runs.map(\.rmsJerk)) }
    var thermalI2t: MeanStd? { runs.contains { $0.thermalI2t != nil } ? MeanStd(runs.compactMap(\.thermalI2t)) : nil }

    /// Summaries of `runs` grouped by configuration, in `order` (configurations not in it last, by name).
    static func group(_ runs: [StudyRun], order: [StudyConfiguration]) -> [StudyConfigurationSummary] {
        var byConfiguration = [StudyConfiguration: [StudyRun]]()
        for run in runs { byConfiguration[run.configuration, default: []].append(run) }
        let extra = byConfiguration.keys.filter { !order.contains($0) }.sorted { $0.name < $1.name }
        return (order + extra).compactMap { configuration in
            byConfiguration[configuration].map { StudyConfigurationSummary(configuration: configuration, runs: $0.sorted { $0.seed < $1.seed }) }
        }
    }
}
