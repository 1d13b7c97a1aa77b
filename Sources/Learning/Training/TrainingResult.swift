import Foundation
import SteadyCore

/// What a finished training run reports, and writes as eval.json.
public struct TrainingResult: Sendable {
    /// The final deterministic evaluation.
    public var evaluation: Evaluation
    /// Environment steps taken.
    public var timesteps: Int
    /// Gradient updates done.
    public var updates: Int
    /// Episodes finished.
    public var episodes: Int
    /// Wall time of the whole run, final evaluation included.
    public var wallSeconds: Double
    /// Updates per second over the training phase.
    public var updatesPerSecond: Double
    /// Mean continuity cost of the training episodes' actions (normalized space).
    public var trainingContinuityCost: Double
    /// The checkpoint written at the end, when the run has a directory.
    public var checkpoint: URL?
    /// The exploring policy's wear during training (wear.json).
    public var explorationWear: ExplorationWear?

    /// eval.json: `mean_return`, `std_return`, `episodes`, `steps`, `wall_seconds`, the
    /// returns; `success_rate` (the last step's `is_success`, as gymnasium-robotics judges it),
    /// `final_error` and its `final_error_key` (`distance` in m for reach, `pose_error` in rad for
    /// the hand), `mean_length`, and the deterministic policy's continuity cost — `null` where
    /// the environment reports no success or error.
    public func evaluationJSON(algorithm: String, environment: String, seed: UInt64) -> String {
        func number(_ value: Double) -> String { value.isFinite ? String(format: "%.6f", value) : "null" }
        let returns = evaluation.returns.map(number).joined(separator: ", ")
        let errors = evaluation.finalErrors.map(number).joined(separator: ", ")
        let successes = evaluation.successes.map { $0 ? "1" : "0" }.joined(separator: ", ")
        let errorKey = evaluation.finalErrorKey.map { "\"\($0)\"" } ?? "null"
        return """
        {
          "algorithm": "\(algorithm)",
          "environment": "\(environment)",
          "seed": \(seed),
          "mean_return": \(number(evaluation.meanReturn)),
          "std_return": \(number(evaluation.standardDeviation)),
          "episodes": \(evaluation.returns.count),
          "returns": [\(returns)],
          "success_rate": \(evaluation.successRate.map(number) ?? "null"),
          "successes": [\(successes)],
          "final_error": \(evaluation.meanFinalError.map(number) ?? "null"),
          "final_error_key": \(errorKey),
          "final_errors": [\(errors)],
          "mean_length": \(number(evaluation.meanLength)),
          "steps": \(timesteps),
          "updates": \(updates),
          "wall_seconds": \(number(wallSeconds)),
          "updates_per_second": \(number(updatesPerSecond)),
          "eval_continuity_cost": \(number(evaluation.meanContinuityCost)),
          "train_continuity_cost": \(number(trainingContinuityCost))
        }

        """
    }
}
