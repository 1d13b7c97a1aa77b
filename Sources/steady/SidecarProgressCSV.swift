import Foundation
import Sidecar

/// The sidecar's progress.csv: one row per status report, appended and flushed as it goes.
final class SidecarProgressCSV {
    static let header = "steps,updates,episodes,mean_return,critic_loss,actor_loss,ent_coef,steps_per_second,updates_per_second,weights_version,actors_connected,elapsed_seconds\n"
    private let file: AppendingTextFile

    /// Opens (creating with a header, or appending to) `url`.
    init(url: URL) throws { file = try AppendingTextFile(url: url, header: Self.header) }

    func append(_ s: LearnerStatus) {
        func f(_ v: Double?) -> String { v.map { String(format: "%.6g", $0) } ?? "" }
        let row = [String(s.steps), String(s.updates), String(s.episodes), f(s.meanReturn), f(s.criticLoss), f(s.actorLoss),
                   f(s.entropyCoefficient), f(s.stepsPerSecond), f(s.updatesPerSecond), String(s.weightsVersion),
                   String(s.actors.values.filter(\.connected).count), f(s.elapsedSeconds)].joined(separator: ",")
        file.append(row + "\n")
    }
}
