import Foundation
import Metrics
import Plot
import SteadyCore

/// summary.md, runs.csv, curves.csv and the PNGs of an exploration study, made from whatever runs
/// have finished.
struct ExplorationStudyReport {
    let environment: String
    let algorithm: String
    let grid: [StudyConfiguration]
    let plannedRuns: Int
    let runs: [StudyRun]
    var summaries: [StudyConfigurationSummary] { StudyConfigurationSummary.group(runs, order: grid) }

    /// One ablation's table: a title, a sentence on what it compares, and which configurations.
    struct Ablation {
        let title: String
        let note: String
        let includes: (StudyConfiguration) -> Bool
    }

    static let defaultParameterSeries = "param-ln-adapt-d0.2"
    static let ablations = [
        Ablation(title: "Sampling interval", note: "gSDE and adaptive parameter noise (LayerNorm, δ = 0.2) redrawn every N steps or once per episode (ep), beside per-step gaussian and OU action noise.",
                 includes: { [.gaussian, .ou, .gsde].contains($0.family) || $0.seriesKey == defaultParameterSeries }),
        Ablation(title: "Layer normalization (parameter noise)", note: "Adaptive parameter noise (δ = 0.2) on an actor with and without a LayerNorm after each hidden layer.",
                 includes: { $0.family == .param && $0.adaptive && $0.targetDistance == 0.2 }),
        Ablation(title: "Adaptation (parameter noise)", note: "Parameter noise (LayerNorm) whose σ adapts toward δ = 0.2, and σ held at its initial value (--sigma, 0.1).",
                 includes: { $0.family == .param && $0.layerNorm && (!$0.adaptive || $0.targetDistance == 0.2) }),
        Ablation(title: "Target distance δ (parameter noise)", note: "Adaptive parameter noise (LayerNorm) with different target action distances.",
                 includes: { $0.family == .param && $0.layerNorm && $0.adaptive }),
    ]

    /// Writes summary.md, runs.csv, curves.csv and the three PNGs into `directory`, atomically.
    func write(to directory: URL) throws {
        try AtomicFile.write(StudyRun.csv(runs), to: directory.appendingPathComponent("runs.csv"))
        try AtomicFile.write(curvesCSV(runsDirectory: directory.appendingPathComponent("runs")),
                             to: directory.appendingPathComponent("curves.csv"))
        try AtomicFile.write(markdown(), to: directory.appendingPathComponent("summary.md"))
        let plots = ExplorationStudyPlots(summaries: summaries, environment: environment)
        try plots.returnVersusInterval.writePNG(to: directory.appendingPathComponent("return_vs_interval.png"))
        try plots.continuityVersusInterval.writePNG(to: directory.appendingPathComponent("continuity_vs_interval.png"))
        try plots.tradeOff.writePNG(to: directory.appendingPathComponent("return_vs_continuity.png"))
    }

    /// Every run's return curve from its progress.csv: run, timesteps, mean training return, last evaluation return.
    func curvesCSV(runsDirectory: URL) -> String {
        var lines = ["run,timesteps,mean_return,eval_return"]
        for run in runs {
            let url = runsDirectory.appendingPathComponent(run.name).appendingPathComponent("progress.csv")
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            let rows = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            guard let header = rows.first, let t = header.firstIndex(of: "timesteps"), let r = header.firstIndex(of: "mean_return"),
                  let e = header.firstIndex(of: "eval_return") else { continue }
            for row in rows.dropFirst() where row.count == header.count {
                lines.append([run.name, row[t], row[r], row[e]].joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// summary.md: one table per ablation, the all-configurations table with the Pareto front,
    /// and the comparison the issue asks for (interval 8 against per-step gaussian noise).
    func markdown() -> String {
        let seeds = Set(runs.map(\.seed)).sorted().map(String.init).joined(separator: ", ")
        var text = """
        # Exploration versus wear: \(environment), \(algorithm)

        \(runs.count) of \(plannedRuns) runs finished (seeds \(seeds.isEmpty ? "none" : seeds)). Values are mean ± sample \
        standard deviation (n − 1) over seeds. *Return*: the final deterministic evaluation (eval.json). *Wear*: the \
        exploring policy's normalized actions during training, episodes after learning starts (wear.json): continuity \
        cost (100 · mean squared step over the [−1, 1] range), spectral smoothness Sm, direction reversals per second, \
        RMS jerk of the action (1/s³).

        """
        for ablation in Self.ablations {
            let rows = summaries.filter { ablation.includes($0.configuration) }
            guard !rows.isEmpty else { continue }
            text += "\n## \(ablation.title)\n\n\(ablation.note)\n\n" + table(rows, pareto: nil)
        }
        let front = paretoNames()
        text += "\n## All configurations: performance versus smoothness\n\nPareto-optimal (higher return, lower continuity cost) configurations are marked ★.\n\n"
        text += table(summaries, pareto: front)
        text += "\n## Interval 8 against per-step gaussian noise\n\n" + comparison()
        return text
    }

    func table(_ rows: [StudyConfigurationSummary], pareto: Set<String>?) -> String {
        let success = rows.contains { $0.successRate != nil }, thermal = rows.contains { $0.thermalI2t != nil }
        var header = ["configuration", "seeds", "return"] + (success ? ["success"] : [])
        header += ["continuity cost", "spectral smoothness", "reversals/s", "rms jerk"] + (thermal ? ["I²t (A²s)"] : [])
        var lines = ["| " + header.joined(separator: " | ") + " |", "|" + header.map { _ in "---" }.joined(separator: "|") + "|"]
        for row in rows {
            let name = row.configuration.name + (pareto?.contains(row.configuration.name) == true ? " ★" : "")
            var cells = [name, String(row.runs.count), Self.text(row.finalReturn)]
            if success { cells.append(row.successRate.map(Self.text) ?? "") }
            cells += [Self.text(row.continuityCost), Self.text(row.spectralSmoothness), Self.text(row.reversalsPerSecond),
                      Self.text(row.rmsJerk)]
            if thermal { cells.append(row.thermalI2t.map(Self.text) ?? "") }
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The names of the Pareto-optimal configurations (mean return up, mean continuity cost down).
    func paretoNames() -> Set<String> {
        let all = summaries
        let points = all.map { (x: $0.continuityCost.mean, y: $0.finalReturn.mean) }
        return Set(ParetoFront(x: .minimize, y: .maximize).indices(of: points).map { all[$0].configuration.name })
    }

    /// The issue's question: at interval 8, return and continuity cost of gSDE and parameter
    /// noise relative to per-step gaussian noise (target: at most a quarter of its continuity cost
    /// at a return within 10 %). Means and medians over seeds: one seed whose deterministic policy
    /// learned to chatter drags a mean of three.
    func comparison() -> String {
        guard let gaussian = summaries.first(where: { $0.configuration.name == "gaussian-i1" }) else {
            return "No finished gaussian-i1 runs to compare with.\n"
        }
        var lines = ["| configuration | return | vs gaussian-i1 | continuity cost | × gaussian-i1's | median cost | × gaussian-i1's median "
                     + "| return within 10 % or better | cost ≤ ¼ (mean / median) |",
                     "|---|---|---|---|---|---|---|---|---|"]
        for name in ["gsde-i8", Self.defaultParameterSeries + "-i8"] {
            guard let other = summaries.first(where: { $0.configuration.name == name }) else { continue }
            let returnGap = (other.finalReturn.mean - gaussian.finalReturn.mean) / abs(gaussian.finalReturn.mean)
            let cost = other.continuityCost, reference = gaussian.continuityCost
            let ratios = [cost.mean / reference.mean, cost.median / reference.median]
            let quarter = ratios.map { $0.isFinite ? ($0 <= 0.25 ? "yes" : "no") : "–" }.joined(separator: " / ")
            let cells = [name, Self.number(other.finalReturn.mean), "\(returnGap >= 0 ? "+" : "")\(fixed(100 * returnGap, 1)) %",
                         Self.number(cost.mean), Self.ratio(ratios[0]), Self.number(cost.median), Self.ratio(ratios[1]),
                         returnGap >= -0.1 ? "yes" : "no", quarter]
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func ratio(_ value: Double) -> String { value.isFinite ? fixed(value, 3) : "–" }

    /// "mean ± std", both to the mean's four significant digits (no ± for a single seed).
    static func text(_ value: MeanStd) -> String {
        guard value.count > 1, value.mean.isFinite else { return number(value.mean) }
        return "\(number(value.mean)) ± \(fixed(value.std, decimals(value.mean)))"
    }

    /// Four significant digits, without exponents (whole numbers from 1000 up).
    static func number(_ value: Double) -> String {
        value.isFinite ? fixed(value, decimals(value)) : "–"
    }

    static func decimals(_ value: Double) -> Int {
        let magnitude = abs(value)
        return magnitude >= 1000 || magnitude == 0 ? 0 : max(0, min(6, 3 - Int(floor(log10(magnitude)))))
    }
}
