/// The fraction of ticks in which each safety stage changed the command.
///
/// `flags[t]` is tick t's bitmask: bit i is set when stage `stageNames[i]` changed the command
/// in that tick (the order of the safety chain). Stages past bit 63 cannot be represented.
/// - Returns: `[stage name: fraction in 0…1]`, with every stage present (0 when never active);
///   empty when no ticks were logged.
public func limiterActivity(flags: [UInt64], stageNames: [String]) -> [String: Double] {
    precondition(stageNames.count <= 64, "at most 64 limiter stages fit a UInt64 bitmask")
    guard !flags.isEmpty else { return [:] }
    var counts = [Int](repeating: 0, count: stageNames.count)
    for mask in flags {
        for stage in 0..<stageNames.count where mask & (1 << UInt64(stage)) != 0 {
            counts[stage] += 1
        }
    }
    var fractions: [String: Double] = [:]
    for (stage, name) in stageNames.enumerated() {
        fractions[name] = Double(counts[stage]) / Double(flags.count)
    }
    return fractions
}
