import Foundation
import Sidecar
import SteadyCore

/// A simulated evaluation's result as `steady eval --json` writes it.
struct SimEvaluationResult {
    var successRate: Double
    var finalDistanceMm: Double
    var continuity: Double

    /// Parses `steady eval --json`'s object (`success_rate`, `final_error` in m, `continuity_cost`).
    /// - Throws: `SteadyFileError.malformed` naming `file` and the field.
    init(json: Data, file: String) throws {
        guard let object = (try? JSONSerialization.jsonObject(with: json)) as? [String: Any] else {
            throw SteadyFileError.malformed(path: file, line: nil, field: nil, reason: "not a JSON object")
        }
        func number(_ key: String) throws -> Double {
            guard let value = object[key] as? Double, value.isFinite else {
                throw SteadyFileError.malformed(path: file, line: nil, field: key, reason: "missing or not a finite number")
            }
            return value
        }
        successRate = try number("success_rate")
        finalDistanceMm = try number("final_error") * 1000
        continuity = try number("continuity_cost")
    }

    init(file: URL) throws {
        guard let data = FileManager.default.contents(atPath: file.path) else { throw SteadyFileError.notFound(path: file.path) }
        try self.init(json: data, file: file.path)
    }
}

/// The runtime episodes of one `steady run` (its `episodes.csv`), summarized.
struct RuntimeEpisodeSummary {
    var episodes: Int
    var successes: Int
    var meanDistanceMm: Double
    var meanContinuity: Double
    var successRate: Double { episodes > 0 ? Double(successes) / Double(episodes) : .nan }

    init(_ list: [ActorEpisode]) {
        episodes = list.count
        successes = list.filter(\.success).count
        let n = Double(max(list.count, 1))
        meanDistanceMm = list.map(\.finalDistanceMeters).reduce(0, +) / n * 1000
        meanContinuity = list.map(\.continuityCost).reduce(0, +) / n
    }

    init(run: URL) throws { self.init(try EpisodeResults.read(from: run)) }
}

/// How long fine-tuning took (`finetune.json`).
struct FineTuneRecord: Codable {
    var minutes: Double
    var episodes: Int
    var utd: Int
    /// The learner's learning rate (absent in records written before `--fine-tune-lr`).
    var learningRate: Double?

    static func read(_ file: URL) throws -> FineTuneRecord {
        guard let data = FileManager.default.contents(atPath: file.path) else { throw SteadyFileError.notFound(path: file.path) }
        do { return try JSONDecoder().decode(FineTuneRecord.self, from: data) } catch {
            throw SteadyFileError.malformed(path: file.path, line: nil, field: nil, reason: "\(error)")
        }
    }
}

/// One policy's line of the transfer table.
struct TransferRow {
    var condition: String
    var checkpoint: String
    var nominal: SimEvaluationResult
    var shifted: SimEvaluationResult
    var twin: RuntimeEpisodeSummary
    var fineTuned: RuntimeEpisodeSummary?
    var fineTune: FineTuneRecord?
}

/// The transfer study's table, as markdown and as CSV.
struct TransferTable {
    var robot: String
    var physics: String
    var rows: [TransferRow]

    static let csvHeader = "condition,sim_success,sim_distance_mm,shifted_sim_success,shifted_sim_distance_mm,"
        + "twin_success,twin_distance_mm,twin_continuity,twin_episodes,finetuned_twin_success,finetuned_twin_distance_mm,"
        + "finetuned_twin_continuity,finetune_minutes,finetune_episodes"

    var csv: String {
        var lines = [Self.csvHeader]
        for r in rows {
            var fields = [r.condition, number(r.nominal.successRate), number(r.nominal.finalDistanceMm), number(r.shifted.successRate),
                          number(r.shifted.finalDistanceMm), number(r.twin.successRate), number(r.twin.meanDistanceMm),
                          number(r.twin.meanContinuity), String(r.twin.episodes)]
            if let f = r.fineTuned, let t = r.fineTune {
                fields += [number(f.successRate), number(f.meanDistanceMm), number(f.meanContinuity), number(t.minutes), String(t.episodes)]
            } else {
                fields += ["", "", "", "", ""]
            }
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    var markdown: String {
        var lines = ["# Sim-to-real transfer: \(robot):reach", "",
                     "Shifted physics (the stand-in for the real arm): `\(physics)`. Success: end effector within 2 cm of the goal at the episode's last step.", "",
                     "| policy | sim success | sim mm | shifted sim success | shifted twin success | shifted twin mm | twin continuity | after fine-tune success | after fine-tune mm | fine-tune min |",
                     "|---|---|---|---|---|---|---|---|---|---|"]
        for r in rows {
            let twin = "\(Self.percent(r.twin.successRate)) (\(r.twin.successes)/\(r.twin.episodes))"
            var after = "– | – | –"
            if let f = r.fineTuned, let t = r.fineTune {
                after = "\(Self.percent(f.successRate)) (\(f.successes)/\(f.episodes)) | \(fixed(f.meanDistanceMm, 1)) | "
                    + "\(fixed(t.minutes, 1)) (\(t.episodes) episodes)"
            }
            lines.append("| \(r.condition) | \(Self.percent(r.nominal.successRate)) | \(fixed(r.nominal.finalDistanceMm, 1)) | "
                         + "\(Self.percent(r.shifted.successRate)) | \(twin) | \(fixed(r.twin.meanDistanceMm, 1)) | "
                         + "\(fixed(r.twin.meanContinuity, 3)) | \(after) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A CSV number: six significant digits.
    private func number(_ value: Double) -> String { String(format: "%.6g", value) }

    /// `0.9` → `90%`.
    static func percent(_ rate: Double) -> String { rate.isFinite ? "\(fixed(rate * 100, 0))%" : "–" }
}
