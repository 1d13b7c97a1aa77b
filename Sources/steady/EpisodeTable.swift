import Sidecar

/// The end-of-run comparison of `steady run --learn` and scored checkpoint runs: the first ten
/// episodes against the last ten (mean return, success rate, mean final distance, mean
/// continuity cost, weights); ten or fewer episodes make one row of them all.
enum EpisodeTable {
    /// The table's lines (none without episodes).
    static func render(_ episodes: [ActorEpisode]) -> [String] {
        guard !episodes.isEmpty else { return ["episodes: none finished"] }
        let count = min(10, episodes.count)
        let first = Array(episodes.prefix(count)), last = Array(episodes.suffix(count))
        func row(_ label: String, _ group: [ActorEpisode]) -> String {
            let n = Double(group.count)
            let meanReturn = group.map(\.episodeReturn).reduce(0, +) / n
            let successes = group.filter(\.success).count
            let distance = group.map(\.finalDistanceMeters).reduce(0, +) / n * 1000
            let continuity = group.map(\.continuityCost).reduce(0, +) / n
            let versions = "v\(group.first!.weightsVersion)–v\(group.last!.weightsVersion)"
            return cell(label, 22) + cell(fixed(meanReturn, 2), 12) + cell("\(successes)/\(group.count)", 10)
                + cell(fixed(distance, 1), 14) + cell(fixed(continuity, 3), 12) + versions
        }
        let firstLabel = "first \(count) (1–\(count))"
        let lastLabel = "last \(count) (\(episodes.count - count + 1)–\(episodes.count))"
        let header = cell("", 22) + cell("return", 12) + cell("success", 10) + cell("distance mm", 14) + cell("continuity", 12) + "weights"
        guard episodes.count > count else {
            return ["episodes: \(episodes.count)", header, row("all \(count) (1–\(count))", first)]
        }
        return ["episodes: \(episodes.count)", header, row(firstLabel, first), row(lastLabel, last)]
    }
}
