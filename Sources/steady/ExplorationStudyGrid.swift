import Foundation
import Learning
import SteadyCore

/// One exploration configuration of the study, named so that its run directories say what it is:
/// `gaussian-i1`, `ou-i1`, `gsde-i8`, `gsde-iep` (once per episode), `param-ln-adapt-d0.2-i8`,
/// `param-noln-adapt-d0.2-i8`, `param-ln-fixed-i8` (σ held at --sigma, so no δ).
struct StudyConfiguration: Hashable {
    enum Family: String, CaseIterable {
        case gaussian, ou, gsde, param
    }

    var family: Family
    /// Steps between noise draws; −1 once per episode.
    var interval: Int
    /// Parameter noise only: LayerNorm in the actor.
    var layerNorm = true
    /// Parameter noise only: σ adapts toward `targetDistance`.
    var adaptive = true
    /// Parameter noise only: the target action distance δ.
    var targetDistance = 0.2

    /// The configuration's name without its interval: the line it belongs to in the plots.
    var seriesKey: String {
        guard family == .param else { return family.rawValue }
        return "param-" + (layerNorm ? "ln" : "noln") + (adaptive ? "-adapt-d\(Self.format(targetDistance))" : "-fixed")
    }

    /// The full name: series key and interval.
    var name: String { seriesKey + "-i" + (interval == -1 ? "ep" : String(interval)) }

    /// A legend label for the series.
    var seriesLabel: String {
        switch family {
        case .gaussian: return "gaussian"
        case .ou: return "OU"
        case .gsde: return "gSDE"
        case .param:
            return "param (" + (layerNorm ? "LN" : "no LN") + (adaptive ? ", δ=\(Self.format(targetDistance)))" : ", fixed σ)")
        }
    }

    /// `steady train`'s exploration options for this configuration.
    var trainArguments: [String] {
        var arguments = ["--explore", family.rawValue, "--noise-interval", String(interval)]
        if family == .param {
            if !layerNorm { arguments.append("--no-param-layer-norm") }
            if adaptive { arguments += ["--param-delta", Self.format(targetDistance)] } else { arguments.append("--no-param-adapt") }
        }
        return arguments
    }

    static func format(_ value: Double) -> String {
        var text = String(format: "%.4f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// Parses a name as `name` writes it; nil when it is not one.
    init?(name: String) {
        var parts = name.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2, let family = Family(rawValue: parts.removeFirst()), let last = parts.popLast(),
              last.hasPrefix("i") else { return nil }
        let intervalText = last.dropFirst()
        guard let interval = intervalText == "ep" ? -1 : Int(intervalText),
              interval == -1 || TrainingRanges.noiseInterval.problem(interval) == nil else { return nil }
        self.family = family
        self.interval = interval
        if family != .param { if !parts.isEmpty { return nil } else { return } }
        guard parts.count >= 2, ["ln", "noln"].contains(parts[0]), ["adapt", "fixed"].contains(parts[1]) else { return nil }
        layerNorm = parts[0] == "ln"
        adaptive = parts[1] == "adapt"
        if adaptive {
            guard parts.count == 3, parts[2].hasPrefix("d"), let delta = Double(parts[2].dropFirst()),
                  TrainingRanges.targetDistance.problem(delta) == nil else { return nil }
            targetDistance = delta
        } else if parts.count != 2 {
            return nil
        }
        guard self.name == name else { return nil }   // one spelling per configuration
    }

    init(family: Family, interval: Int, layerNorm: Bool = true, adaptive: Bool = true, targetDistance: Double = 0.2) {
        self.family = family
        self.interval = interval
        self.layerNorm = layerNorm
        self.adaptive = adaptive
        self.targetDistance = targetDistance
    }
}

/// The study's grids: `full` (issue 11), `small` (a quick look), or a file of configuration names.
enum StudyGrid {
    /// The sampling intervals swept: 1…64 steps, and once per episode (−1).
    static let intervals = [1, 2, 4, 8, 16, 64, -1]
    /// Target distances swept for adaptive parameter noise at interval 8.
    static let targetDistances = [0.05, 0.1, 0.4]

    /// Per-step gaussian and OU baselines; gSDE and parameter noise (LayerNorm and adaptive;
    /// without LayerNorm; with σ fixed) over every interval; δ at interval 8.
    static var full: [StudyConfiguration] {
        var grid = [StudyConfiguration(family: .gaussian, interval: 1), StudyConfiguration(family: .ou, interval: 1)]
        grid += intervals.map { StudyConfiguration(family: .gsde, interval: $0) }
        grid += intervals.map { StudyConfiguration(family: .param, interval: $0) }
        grid += intervals.map { StudyConfiguration(family: .param, interval: $0, layerNorm: false) }
        grid += intervals.map { StudyConfiguration(family: .param, interval: $0, adaptive: false) }
        grid += targetDistances.map { StudyConfiguration(family: .param, interval: 8, targetDistance: $0) }
        return grid
    }

    /// A reduced grid: the baselines, gSDE and parameter noise at 1, 8 and once per episode,
    /// and one point each without LayerNorm and without adaptation.
    static var small: [StudyConfiguration] {
        var grid = [StudyConfiguration(family: .gaussian, interval: 1), StudyConfiguration(family: .ou, interval: 1)]
        grid += [1, 8, -1].map { StudyConfiguration(family: .gsde, interval: $0) }
        grid += [1, 8, -1].map { StudyConfiguration(family: .param, interval: $0) }
        grid += [StudyConfiguration(family: .param, interval: 8, layerNorm: false),
                 StudyConfiguration(family: .param, interval: 8, adaptive: false)]
        return grid
    }

    /// `full`, `small`, or a file with one configuration name per line (`#` comments, blank lines skipped).
    /// - Throws: `SteadyFileError` naming the file and line of a name that does not parse.
    static func load(_ argument: String) throws -> [StudyConfiguration] {
        switch argument {
        case "full": return full
        case "small": return small
        default: break
        }
        let url = URL(fileURLWithPath: argument)
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { throw SteadyFileError.notFound(path: argument) }
        var grid = [StudyConfiguration]()
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let configuration = StudyConfiguration(name: line) else {
                throw SteadyFileError.malformed(path: argument, line: index + 1, field: nil,
                    reason: "'\(line)' is not a configuration (e.g. gaussian-i1, gsde-i8, gsde-iep, param-ln-adapt-d0.2-i8, param-noln-adapt-d0.2-i8, param-ln-fixed-i8)")
            }
            if !grid.contains(configuration) { grid.append(configuration) }
        }
        guard !grid.isEmpty else { throw SteadyFileError.malformed(path: argument, line: nil, field: nil, reason: "no configurations") }
        return grid
    }
}
