import SteadyCore

/// The allowed values of a twin's fault injection (`steady twin --latency-ms`, `--drop-rate`,
/// `--corrupt-rate`); `TwinServer` checks its `TwinOptions` against them.
public enum TwinRanges {
    /// Extra delay before every reply.
    public static let latency = SettingRange(0.0...1000, unit: "ms")
    /// A probability per reply.
    public static let probability = SettingRange(0.0...1)
}

extension TwinOptions {
    /// What is wrong with these options, if anything, naming the option and its allowed values.
    public var problem: String? {
        if let problem = TwinRanges.latency.problem(latencyMilliseconds) { return "latency: \(problem)" }
        if let problem = TwinRanges.probability.problem(dropRate) { return "drop rate: \(problem)" }
        if let problem = TwinRanges.probability.problem(corruptRate) { return "corrupt rate: \(problem)" }
        return nil
    }
}
