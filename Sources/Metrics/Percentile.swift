/// The nearest-rank percentile of a sample.
///
/// Definition: sort the n values ascending; the p-th percentile (0 < p ≤ 100) is the value of
/// rank ⌈p/100 · n⌉ (1-based). It is always one of the samples, never an interpolation, so a
/// p99.9 of lateness is a lateness that really happened. p = 0 gives the minimum. A rank that is
/// a whole number up to rounding (99.9 % of 1000 ticks) is taken as that whole number.
///
/// Example: for [15, 20, 35, 40, 50], p30 = 20, p40 = 20, p50 = 35, p100 = 50.
/// - Returns: nil for an empty sample.
public func nearestRankPercentile(_ values: [Double], percent: Double) -> Double? {
    precondition(percent >= 0 && percent <= 100, "percentile must lie in 0…100")
    guard !values.isEmpty else { return nil }
    return nearestRankPercentile(sorted: values.sorted(), percent: percent)
}

/// The nearest-rank percentile of values already sorted ascending; see `nearestRankPercentile(_:percent:)`.
public func nearestRankPercentile(sorted values: [Double], percent: Double) -> Double? {
    precondition(percent >= 0 && percent <= 100, "percentile must lie in 0…100")
    guard !values.isEmpty else { return nil }
    let exactRank = percent / 100 * Double(values.count)
    let nearestWhole = exactRank.rounded()
    let rank = abs(exactRank - nearestWhole) <= 1e-9 * max(1, exactRank)
        ? Int(nearestWhole) : Int(exactRank.rounded(.up))
    return values[min(max(rank, 1), values.count) - 1]
}
