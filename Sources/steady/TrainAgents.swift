import ArgumentParser
import Learning
import Sidecar

/// The algorithms `steady train --algo` accepts.
enum TrainAlgorithm: String, CaseIterable, ExpressibleByArgument {
    case sac, td3, ddpg
}

/// Parses `--net 256,256` into hidden widths (`TrainingRanges.parseHiddenSizes`).
func parseHiddenSizes(_ text: String) throws -> [Int] {
    do { return try TrainingRanges.parseHiddenSizes(text) } catch { throw ValidationError("--net \(text): \(error)") }
}

/// `--net`'s transform: the widths checked against their ranges as the argument is parsed,
/// written back as `256,256`.
func hiddenSizesArgument(_ text: String) throws -> String {
    try TrainingRanges.parseHiddenSizes(text).map(String.init).joined(separator: ",")
}

/// `--sidecar`'s transform: a Unix socket path (`unix:PATH` or a path with `/`) or `HOST:PORT`.
func sidecarAddressArgument(_ text: String) throws -> String {
    guard SidecarAddress(text) != nil else { throw ValidationError("--sidecar must be a socket path or HOST:PORT, not '\(text)'") }
    return text
}

/// Builds the agent `steady train` asked for (and `steady bench learn` times).
func makeAgent(algorithm: TrainAlgorithm, observationSize: Int, actionSize: Int, hiddenSizes: [Int], batchSize: Int,
               learningRate: Double?, tau: Double?, gamma: Double?, exploration: ExplorationSettings,
               seed: UInt64, criticLayerNorm: Bool = false) -> any OffPolicyAgent & UpdateCostEstimating {
    switch algorithm {
    case .sac:
        var configuration = SACConfiguration().with(hiddenSizes: hiddenSizes, batchSize: batchSize,
                                                    learningRate: learningRate, tau: tau, gamma: gamma)
        configuration.criticLayerNorm = criticLayerNorm
        return SAC(observationSize: observationSize, actionSize: actionSize, configuration: configuration,
                   exploration: exploration, seed: seed)
    case .td3, .ddpg:
        var configuration = (algorithm == .ddpg ? TD3Configuration.ddpg : TD3Configuration())
            .with(hiddenSizes: hiddenSizes, batchSize: batchSize, learningRate: learningRate, tau: tau, gamma: gamma)
        configuration.criticLayerNorm = criticLayerNorm
        return TD3(observationSize: observationSize, actionSize: actionSize, configuration: configuration,
                   exploration: exploration, seed: seed)
    }
}
