import SteadyCore

/// The outcome of running a policy deterministically for some episodes.
public struct Evaluation: Codable, Sendable, Equatable {
    /// Each episode's undiscounted return.
    public var returns: [Double]
    /// Each episode's length in steps.
    public var lengths: [Int]
    /// Each episode's continuity cost of the normalized actions sent.
    public var continuityCosts: [Double]
    /// Whether each episode ended with `is_success`, for environments that report it (else empty).
    public var successes: [Bool] = []

    /// The mean return.
    public var meanReturn: Double { returns.isEmpty ? .nan : returns.reduce(0, +) / Double(returns.count) }
    /// The population standard deviation of the returns (NumPy's `std`, as SB3's `evaluate_policy`).
    public var standardDeviation: Double {
        guard !returns.isEmpty else { return .nan }
        let mean = meanReturn
        return (returns.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(returns.count)).squareRoot()
    }
    /// The fraction of successful episodes, nil when the environment reports no success.
    public var successRate: Double? {
        successes.isEmpty ? nil : Double(successes.filter { $0 }.count) / Double(successes.count)
    }
    /// The mean length in steps.
    public var meanLength: Double { lengths.isEmpty ? .nan : Double(lengths.reduce(0, +)) / Double(lengths.count) }
    /// The mean continuity cost over episodes.
    public var meanContinuityCost: Double {
        continuityCosts.isEmpty ? .nan : continuityCosts.reduce(0, +) / Double(continuityCosts.count)
    }

    /// Runs `episodes` episodes of `environment`, episode i reset with seed `seed + i`, acting
    /// with `act` (which writes the normalized action for an observation).
    /// - Throws: what the environment throws; `LearningError.observationSize` on a wrong size.
    public static func run(environment: any Environment, episodes: Int, seed: UInt64,
                           act: (UnsafeBufferPointer<Float>, UnsafeMutableBufferPointer<Float>) -> Void) throws -> Evaluation {
        let actionSize = environment.actionSpace.dimension
        let observationSize = environment.observationSpace.dimension
        var result = Evaluation(returns: [], lengths: [], continuityCosts: [])
        var history = ActionHistory(dimension: actionSize)
        let action = UnsafeMutableBufferPointer<Float>.allocate(capacity: actionSize)
        defer { action.deallocate() }
        action.initialize(repeating: 0)
        var actionArray = [Float](repeating: 0, count: actionSize)
        for episode in 0..<episodes {
            var observation = try environment.reset(seed: seed &+ UInt64(episode))
            history.removeAll()
            var total = 0.0, steps = 0
            while true {
                guard observation.count == observationSize else {
                    throw LearningError.observationSize(environment: environment.name, expected: observationSize,
                                                        found: observation.count)
                }
                observation.withUnsafeBufferPointer { act($0, action) }
                history.append(action)
                for j in 0..<actionSize { actionArray[j] = action[j] }
                let step = try environment.step(actionArray)
                total += step.reward
                steps += 1
                observation = step.observation
                if step.terminated || step.truncated {
                    if let success = step.info["is_success"] { result.successes.append(success != 0) }
                    break
                }
            }
            result.returns.append(total)
            result.lengths.append(steps)
            result.continuityCosts.append(history.continuityCost())
        }
        return result
    }
}
