/// A box-shaped space of real vectors, as gymnasium's `Box`: per-dimension lower and upper bounds.
///
/// Learning works in the normalized action space [-1, 1]; `scale(_:)` and `unscale(_:)` map
/// between it and the environment's own units.
public struct BoxSpace: Equatable, Codable, Sendable {
    public var lower: [Float]
    public var upper: [Float]

    public init(lower: [Float], upper: [Float]) {
        precondition(lower.count == upper.count, "BoxSpace bounds must have the same length")
        self.lower = lower
        self.upper = upper
    }

    /// A box with the same bounds in every dimension.
    public init(dimension: Int, lower: Float, upper: Float) {
        self.init(lower: Array(repeating: lower, count: dimension),
                  upper: Array(repeating: upper, count: dimension))
    }

    /// Number of dimensions.
    public var dimension: Int { lower.count }

    /// Maps a value in this space's units to [-1, 1].
    public func scale(_ value: [Float]) -> [Float] {
        (0..<dimension).map { i in 2 * (value[i] - lower[i]) / (upper[i] - lower[i]) - 1 }
    }

    /// Maps a normalized value in [-1, 1] to this space's units.
    public func unscale(_ normalized: [Float]) -> [Float] {
        (0..<dimension).map { i in lower[i] + (normalized[i] + 1) * 0.5 * (upper[i] - lower[i]) }
    }

    /// Whether every component lies inside the bounds.
    public func contains(_ value: [Float]) -> Bool {
        value.count == dimension && (0..<dimension).allSatisfy { value[$0] >= lower[$0] && value[$0] <= upper[$0] }
    }
}
