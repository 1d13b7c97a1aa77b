import Metrics

/// The normalized actions one episode sent, per action dimension, for its continuity cost.
///
/// Buffers keep their capacity across episodes, so recording allocates only while an episode
/// is longer than every earlier one.
public struct ActionHistory {
    private var signals: [[Double]]

    /// Creates empty histories for `dimension` action components.
    public init(dimension: Int, reservingSteps: Int = 1_000) {
        signals = (0..<dimension).map { _ in
            var signal: [Double] = []
            signal.reserveCapacity(reservingSteps)
            return signal
        }
    }

    /// Steps recorded.
    public var count: Int { signals.first?.count ?? 0 }

    /// Action components.
    public var dimension: Int { signals.count }

    /// Component `index`'s actions so far.
    public func signal(_ index: Int) -> [Double] { signals[index] }

    /// Records one action.
    public mutating func append(_ action: UnsafeMutableBufferPointer<Float>) {
        for j in signals.indices { signals[j].append(Double(action[j])) }
    }

    /// Forgets the episode, keeping capacity.
    public mutating func removeAll() {
        for j in signals.indices { signals[j].removeAll(keepingCapacity: true) }
    }

    /// Metrics' continuity cost over the range [−1, 1] of each component, averaged over components.
    public func continuityCost() -> Double {
        guard !signals.isEmpty else { return 0 }
        var sum = 0.0
        for signal in signals { sum += Metrics.continuityCost(signal, range: -1...1) }
        return sum / Double(signals.count)
    }
}
