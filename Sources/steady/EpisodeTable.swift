import Sidecar

/// The end-of-run comparison of `steady run --learn`: the first ten episodes against the last
/// ten (mean return, success rate, mean final distance, mean continuity cost, weights).
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
            return pad(label, 22) + pad(fixed(meanReturn, 2), 12) + pad("\(successes)/\(group.count)", 10)
                + pad(fixed(distance, 1), 14) + pad(fixed(continuity, 3), 12) + versions
        }
        let firstLabel = "first \(count) (1–\(count))"
        let lastLabel = "last \(count) (\(episodes.count - count + 1)–\(episodes.count))"
        return ["episodes: \(episodes.count)",
                pad("", 22) + pad("return", 12) + pad("success", 10) + pad("distance mm", 14) + pad("continuity", 12) + "weights",
                row(firstLabel, first), row(lastLabel, last)]
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
