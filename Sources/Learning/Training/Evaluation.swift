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
    /// Success is judged at the episode's last step, as gymnasium-robotics' `is_success` is read
    /// (SB3's `evaluate_policy` and `EvalCallback` take the final step's info), not "ever reached".
    public var successes: [Bool] = []
    /// Each episode's final goal error, for environments that report one (else empty): the
    /// last step's `info["distance"]` (reach: end effector to target, m) or, failing that,
    /// `info["pose_error"]` (hand pose: ‖q − q*‖₂, rad). See `finalErrorKeys`.
    public var finalErrors: [Double] = []

    /// The info keys read as an episode's final error, in order of preference.
    public static let finalErrorKeys = ["distance", "pose_error"]

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
    /// The mean final error (see `finalErrors`), nil when the environment reports none.
    public var meanFinalError: Double? {
        finalErrors.isEmpty ? nil : finalErrors.reduce(0, +) / Double(finalErrors.count)
    }
    /// The info key `finalErrors` were read from (nil when none was reported).
    public var finalErrorKey: String?
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
                    if let key = finalErrorKeys.first(where: { step.info[$0] != nil }) {
                        result.finalErrors.append(step.info[key]!)
                        result.finalErrorKey = key
                    }
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
