/// Mean, sample standard deviation (n − 1; 0 for one value) and median of the finite values:
/// how a figure over several seeds is reported (the exploration study's tables).
public struct MeanStd: Sendable {
    /// The mean.
    public var mean: Double
    /// The sample standard deviation (n − 1).
    public var std: Double
    /// The middle value (the mean of the two middle ones for an even count): what a seed whose
    /// policy learned something odd cannot drag.
    public var median: Double
    /// How many values were finite.
    public var count: Int

    /// Summarizes `values`, leaving out NaN and infinities (a run that diverged); with none left,
    /// mean and median are NaN.
    public init(_ values: [Double]) {
        let finite = values.filter(\.isFinite)
        count = finite.count
        mean = finite.isEmpty ? .nan : finite.reduce(0, +) / Double(finite.count)
        let m = mean
        std = finite.count > 1 ? (finite.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(finite.count - 1)).squareRoot() : 0
        let sorted = finite.sorted(), half = sorted.count / 2
        median = sorted.isEmpty ? .nan : sorted.count % 2 == 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2
    }
}
