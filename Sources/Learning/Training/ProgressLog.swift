import Foundation
import SteadyCore

/// progress.csv: one row per log interval, rewritten atomically after each row so the file is
/// always whole.
public final class ProgressLog {
    /// The column names, in order.
    /// `success_rate` is over the last 100 training episodes (SB3's `rollout/success_rate`);
    /// the `eval_` columns are the last periodic evaluation's (empty before the first, and for
    /// environments that report no success or error).
    public static let columns = ["timesteps", "episodes", "mean_return", "eval_return", "critic_loss", "actor_loss",
                                 "ent_coef", "sigma", "continuity_cost", "updates", "updates_per_second",
                                 "steps_per_second", "wall_seconds", "success_rate", "eval_success_rate",
                                 "eval_final_error", "eval_length", "eval_continuity_cost"]
    /// Where the file is written; nil keeps rows in memory only.
    public let url: URL?
    /// The rows so far, as text.
    public private(set) var rows: [String] = []

    /// Creates a log writing to `url`.
    public init(url: URL?) { self.url = url }

    /// Appends a row and rewrites the file.
    /// - Throws: `SteadyFileError.writeFailed` naming the file.
    public func append(_ progress: TrainingProgress) throws {
        let evaluation = progress.lastEvaluation?.evaluation
        func cell(_ value: Double?) -> String {
            guard let value, value.isFinite else { return "" }
            return String(format: "%.6g", value)
        }
        let fields = [String(progress.timesteps), String(progress.episodes), cell(progress.recentMeanReturn),
                      cell(progress.lastEvaluationReturn), cell(progress.criticLoss), cell(progress.actorLoss),
                      cell(progress.entropyCoefficient), cell(progress.sigma), cell(progress.continuityCost),
                      String(progress.updates), cell(progress.updatesPerSecond), cell(progress.stepsPerSecond),
                      cell(progress.elapsedSeconds), cell(progress.rollout?.successRate), cell(evaluation?.successRate),
                      cell(evaluation?.meanFinalError), cell(evaluation?.meanLength), cell(evaluation?.meanContinuityCost)]
        rows.append(fields.joined(separator: ","))
        if let url { try AtomicFile.write(text, to: url) }
    }

    /// The whole CSV.
    public var text: String {
        ([Self.columns.joined(separator: ",")] + rows).joined(separator: "\n") + "\n"
    }
}
