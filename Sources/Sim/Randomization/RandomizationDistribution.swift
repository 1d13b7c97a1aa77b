import Foundation
import SteadyCore

/// A distribution one randomized parameter is drawn from, as written in `randomization.yaml`.
///
/// ```yaml
/// {uniform: [0.5, 2.0]}                              # U(lower, upper)
/// {log_uniform: [0.25, 4.0]}                         # exp(U(ln lower, ln upper)); lower > 0
/// {gaussian: {mean: 9.81, std: 0.05}}                # N(mean, std²)
/// {gaussian: {mean: 1.0, std: 0.2, clip: [0.5, 1.5]}}  # … clamped into [lower, upper]
/// ```
///
/// Every draw takes a `SeededGenerator`, so a seed fixes every value.
public enum RandomizationDistribution: Equatable, Sendable, CustomStringConvertible {
    /// Uniform on [lower, upper].
    case uniform(lower: Double, upper: Double)
    /// Log-uniform on [lower, upper] (0 < lower): equal probability per factor, so ×0.5 and ×2
    /// are as likely as each other, as scale factors should be.
    case logUniform(lower: Double, upper: Double)
    /// Gaussian, optionally clamped into `clip` (a draw outside is moved to the nearest bound).
    case gaussian(mean: Double, standardDeviation: Double, clip: ClosedRange<Double>?)

    /// The values a draw can take (unbounded for an unclipped Gaussian).
    public var support: ClosedRange<Double> {
        switch self {
        case let .uniform(lower, upper), let .logUniform(lower, upper):
            return lower...upper
        case let .gaussian(_, _, clip):
            return clip ?? -Double.infinity...Double.infinity
        }
    }

    /// Whether every draw is finite and bounded (needed where a maximum must be known ahead,
    /// such as the action delay's buffer).
    public var isBounded: Bool { support.lowerBound.isFinite && support.upperBound.isFinite }

    /// One draw.
    public func sample(using generator: inout SeededGenerator) -> Double {
        switch self {
        case let .uniform(lower, upper):
            return lower == upper ? lower : min(generator.uniform(lower, upper), upper)
        case let .logUniform(lower, upper):
            return lower == upper ? lower : min(max(exp(generator.uniform(log(lower), log(upper))), lower), upper)
        case let .gaussian(mean, standardDeviation, clip):
            let value = generator.gaussian(mean: mean, standardDeviation: standardDeviation)
            guard let clip else { return value }
            return min(max(value, clip.lowerBound), clip.upperBound)
        }
    }

    /// One whole-number draw: a uniform picks each integer in [⌈lower⌉, ⌊upper⌋] with equal
    /// probability; the other distributions are rounded to the nearest integer (and stay
    /// within the support's integers).
    public func sampleInteger(using generator: inout SeededGenerator) -> Int {
        let support = self.support
        let low = support.lowerBound.isFinite ? Int(support.lowerBound.rounded(.up)) : Int.min / 2
        let high = support.upperBound.isFinite ? Int(support.upperBound.rounded(.down)) : Int.max / 2
        if case .uniform = self {
            guard high > low else { return low }
            return low + Int(generator.next() % UInt64(high - low + 1))
        }
        let value = sample(using: &generator).rounded()
        return min(max(Int(value), low), high)
    }

    /// A short human-readable form, e.g. `log-uniform[0.25, 4]`.
    public var description: String {
        switch self {
        case let .uniform(lower, upper):
            return "uniform[\(Self.format(lower)), \(Self.format(upper))]"
        case let .logUniform(lower, upper):
            return "log-uniform[\(Self.format(lower)), \(Self.format(upper))]"
        case let .gaussian(mean, standardDeviation, clip):
            var text = "gaussian(\(Self.format(mean)), σ \(Self.format(standardDeviation)))"
            if let clip { text += " clipped [\(Self.format(clip.lowerBound)), \(Self.format(clip.upperBound))]" }
            return text
        }
    }

    /// A number in the shortest form that round-trips, without a trailing `.0`.
    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }

    // MARK: Parsing

    /// The keys that name a distribution.
    static let keys: Set<String> = ["uniform", "log_uniform", "gaussian"]

    /// Parses `{uniform: [a, b]}`, `{log_uniform: [a, b]}` or `{gaussian: {mean, std, clip}}`.
    /// - Throws: `SteadyFileError.malformed` naming the file, line and field.
    public static func parse(_ node: YAMLValue) throws -> RandomizationDistribution {
        let keys = try node.keys()
        guard keys.count == 1, let key = keys.first, Self.keys.contains(key) else {
            throw node.error("expected exactly one distribution: uniform: [low, high], log_uniform: [low, high] or gaussian: {mean: m, std: s, clip: [low, high]}")
        }
        let body = try node.required(key)
        switch key {
        case "uniform":
            let bounds = try body.doubles(count: 2)
            guard bounds[0] <= bounds[1] else { throw body.error("lower bound \(bounds[0]) is above upper bound \(bounds[1])") }
            return .uniform(lower: bounds[0], upper: bounds[1])
        case "log_uniform":
            let bounds = try body.doubles(count: 2)
            guard bounds[0] > 0 else { throw body.error("log_uniform needs a positive lower bound, got \(bounds[0])") }
            guard bounds[0] <= bounds[1] else { throw body.error("lower bound \(bounds[0]) is above upper bound \(bounds[1])") }
            return .logUniform(lower: bounds[0], upper: bounds[1])
        default:
            try body.rejectUnknownKeys(allowed: ["mean", "std", "clip"])
            let mean = try body.required("mean").double()
            let stdNode = try body.required("std")
            let standardDeviation = try stdNode.double()
            guard standardDeviation >= 0 else { throw stdNode.error("std must not be negative, got \(standardDeviation)") }
            var clip: ClosedRange<Double>?
            if let clipNode = try body.optional("clip") {
                let bounds = try clipNode.doubles(count: 2)
                guard bounds[0] <= bounds[1] else { throw clipNode.error("lower bound \(bounds[0]) is above upper bound \(bounds[1])") }
                clip = bounds[0]...bounds[1]
            }
            return .gaussian(mean: mean, standardDeviation: standardDeviation, clip: clip)
        }
    }
}
