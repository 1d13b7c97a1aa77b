import Foundation
import Sidecar
import SteadyCore

/// The scored episodes of a `steady run` (`--learn`, or a checkpoint with `--episodes`), kept
/// in the run directory as `episodes.csv` so tools (`steady transfer`) read the run's own
/// results rather than its printout.
enum EpisodeResults {
    /// The file's name in a run directory.
    static let fileName = "episodes.csv"
    static let header = "episode,return,success,final_distance_mm,length,continuity,weights_version"

    /// Writes `episodes` to `directory/episodes.csv` atomically.
    static func write(_ episodes: [ActorEpisode], to directory: URL) throws {
        var lines = [header]
        for e in episodes {
            lines.append("\(e.episode),\(e.episodeReturn),\(e.success ? 1 : 0),\(e.finalDistanceMeters * 1000),\(e.length),"
                         + "\(e.continuityCost),\(e.weightsVersion)")
        }
        try AtomicFile.write(lines.joined(separator: "\n") + "\n", to: directory.appendingPathComponent(fileName))
    }

    /// Reads `directory/episodes.csv`.
    /// - Throws: `SteadyFileError` naming the file, and the line and field at fault.
    static func read(from directory: URL) throws -> [ActorEpisode] {
        let url = directory.appendingPathComponent(fileName)
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { throw SteadyFileError.notFound(path: url.path) }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        guard lines.first.map(String.init) == header else {
            throw SteadyFileError.malformed(path: url.path, line: 1, field: nil, reason: "expected the header '\(header)'")
        }
        let names = header.split(separator: ",").map(String.init)
        return try lines.dropFirst().enumerated().map { index, line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            func number(_ column: Int) throws -> Double {
                let counted = [0, 4, 6].contains(column)
                guard fields.count == names.count, let value = Double(fields[column]),
                      !counted || (value >= 0 && value < 1e15 && value.rounded() == value) else {
                    throw SteadyFileError.malformed(path: url.path, line: index + 2, field: names[column],
                                                    reason: "expected \(names.count) numeric fields (episode, length and weights_version whole numbers ≥ 0)")
                }
                return value
            }
            var episode = ActorEpisode()
            episode.episode = UInt64(try number(0))
            episode.episodeReturn = try number(1)
            episode.success = try number(2) != 0
            episode.finalDistanceMeters = try number(3) / 1000
            episode.length = Int(try number(4))
            episode.continuityCost = try number(5)
            episode.weightsVersion = UInt64(try number(6))
            return episode
        }
    }
}
