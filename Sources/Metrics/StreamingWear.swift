/// Continuity cost and direction reversals of command signals, accumulated sample by sample and
/// read out in windows (a live run's curves), with the definitions of `continuityCost(_:range:)`
/// and `reversalCount(_:range:)`.
///
/// Windows tile the signal: the step from a window's last sample to the next window's first
/// belongs to the next window, and a reversal's direction carries over. So the windows' squared
/// steps and reversals add up to the whole signal's. Non-finite samples are skipped.
public struct StreamingWear: Sendable {
    private let widths: [Double]
    private var last: [Double]
    private var lastSign: [Int]
    private var squaredSteps: [Double]
    private var steps: [Int]
    private var reversals: [Int]

    /// Accumulates one signal per range (the joints' [lo, hi]).
    public init(ranges: [ClosedRange<Double>]) {
        widths = ranges.map { $0.upperBound - $0.lowerBound }
        last = Array(repeating: .nan, count: ranges.count)
        lastSign = Array(repeating: 0, count: ranges.count)
        squaredSteps = Array(repeating: 0, count: ranges.count)
        steps = Array(repeating: 0, count: ranges.count)
        reversals = Array(repeating: 0, count: ranges.count)
    }

    /// Number of signals.
    public var count: Int { widths.count }

    /// Adds the next sample of signal `index`.
    public mutating func add(_ value: Double, signal index: Int) {
        guard value.isFinite else { return }
        defer { last[index] = value }
        guard last[index].isFinite else { return }
        let step = value - last[index]
        if widths[index] > 0 {
            let normalized = step / widths[index]
            squaredSteps[index] += normalized * normalized
        }
        steps[index] += 1
        if step == 0 || abs(step) < 0.001 * widths[index] { return }
        let sign = step > 0 ? 1 : -1
        if lastSign[index] != 0 && sign != lastSign[index] { reversals[index] += 1 }
        lastSign[index] = sign
    }

    /// The window's values, means over the signals that moved at least one step: continuity cost
    /// (100 · mean squared normalized step) and reversals per second at `sampleRateHz`; nil
    /// before any step.
    public func window(sampleRateHz: Double) -> (continuityCost: Double, reversalsPerSecond: Double)? {
        var cost = 0.0, rate = 0.0, moved = 0
        for index in 0..<count where steps[index] > 0 {
            cost += 100 * squaredSteps[index] / Double(steps[index])
            rate += Double(reversals[index]) * sampleRateHz / Double(steps[index])
            moved += 1
        }
        guard moved > 0 else { return nil }
        return (cost / Double(moved), rate / Double(moved))
    }

    /// The window's sums for signal `index`: squared normalized steps, steps, reversals.
    public func sums(signal index: Int) -> (squaredSteps: Double, steps: Int, reversals: Int) {
        (squaredSteps[index], steps[index], reversals[index])
    }

    /// Forgets each signal's last sample and direction: the next sample starts the signal afresh,
    /// with no step from before it (a new episode, a pause). The window's sums are kept.
    public mutating func restartSignals() {
        for index in 0..<count {
            last[index] = .nan
            lastSign[index] = 0
        }
    }

    /// Starts a new window (the last sample and direction carry over).
    public mutating func startWindow() {
        for index in 0..<count {
            squaredSteps[index] = 0
            steps[index] = 0
            reversals[index] = 0
        }
    }
}
