import Foundation
import Sidecar

/// The sidecar's actors.csv: per-actor counters, one row per actor per status report, appended
/// and flushed as it goes (progress.csv holds the learner's totals).
final class SidecarActorsCSV {
    static let header = "elapsed_seconds,steps,actor,connected,transitions,duplicates,episodes,last_return\n"
    private let file: AppendingTextFile

    /// Opens (creating with a header, or appending to) `url`.
    init(url: URL) throws { file = try AppendingTextFile(url: url, header: Self.header) }

    /// One row per actor the ledger knows, sorted by name; commas in names become spaces.
    func append(_ s: LearnerStatus) {
        var text = ""
        for actor in s.actors.values.sorted(by: { $0.name < $1.name }) {
            let e = actor.entry
            let name = actor.name.replacingOccurrences(of: ",", with: " ").replacingOccurrences(of: "\n", with: " ")
            text += [String(format: "%.3f", s.elapsedSeconds), String(s.steps), name, actor.connected ? "1" : "0",
                     String(e.transitions), String(e.duplicates), String(e.episodes),
                     e.lastReturn.map { String(format: "%.6g", $0) } ?? ""].joined(separator: ",") + "\n"
        }
        if !text.isEmpty { file.append(text) }
    }
}
