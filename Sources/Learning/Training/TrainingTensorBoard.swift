import Metrics

/// A training run's TensorBoard curves: Stable-Baselines3's tag names where SB3 has one, so a
/// Steady run and an SB3 run sit side by side in one TensorBoard, plus Steady's own.
///
/// | tag | value |
/// |---|---|
/// | `rollout/ep_rew_mean`, `rollout/ep_len_mean`, `rollout/success_rate` | over the last 100 training episodes (SB3's window) |
/// | `train/critic_loss`, `train/actor_loss`, `train/ent_coef`, `train/ent_coef_loss` | means over the updates since the previous point |
/// | `time/fps` | environment steps per second since the start |
/// | `eval/mean_reward`, `eval/mean_ep_length`, `eval/success_rate`, `eval/final_error` (m or rad, Steady's) | each deterministic evaluation, at its step |
/// | `time/updates_per_second`, `explore/sigma` | Steady's: update rate, the exploration's noise scale |
/// | `wear/continuity_cost`, `eval/continuity_cost` | Steady's: continuity cost of the normalized actions of the training episodes since the last progress.csv row, and of the evaluation's |
///
/// Feed it from `OffPolicyTrainer.onProgress`, which runs between updates, never inside one.
public final class TrainingTensorBoard {
    /// Where the events go.
    public let writer: TensorBoardWriter
    private var lastEvaluationStep: Int?

    /// Records into `writer`.
    public init(writer: TensorBoardWriter) { self.writer = writer }

    /// Adds the scalars of `progress` at its step, and its evaluation's once, at the
    /// evaluation's step.
    public func record(_ progress: TrainingProgress) {
        writer.add(Self.scalars(progress), step: progress.timesteps)
        if let (step, evaluation) = progress.lastEvaluation { recordEvaluation(evaluation, step: step) }
    }

    /// Adds the final evaluation of a finished run (unless already recorded at that step).
    public func record(final result: TrainingResult) {
        recordEvaluation(result.evaluation, step: result.timesteps)
    }

    private func recordEvaluation(_ evaluation: Evaluation, step: Int) {
        guard lastEvaluationStep != step else { return }
        lastEvaluationStep = step
        writer.add(Self.scalars(evaluation), step: step)
    }

    /// The `rollout/`, `train/`, `time/`, `explore/` and `wear/` scalars of a progress snapshot
    /// (values not known yet, or not finite, are left out).
    public static func scalars(_ p: TrainingProgress) -> [TensorBoardScalar] {
        let values: [(String, Double?)] = [
            ("rollout/ep_rew_mean", p.rollout?.meanReturn), ("rollout/ep_len_mean", p.rollout?.meanLength),
            ("rollout/success_rate", p.rollout?.successRate),
            ("train/critic_loss", p.recentLosses.critic), ("train/actor_loss", p.recentLosses.actor),
            ("train/ent_coef", p.entropyCoefficient), ("train/ent_coef_loss", p.recentLosses.entropyCoefficient),
            ("time/fps", p.stepsPerSecond), ("time/updates_per_second", p.updates > 0 ? p.updatesPerSecond : nil),
            ("explore/sigma", p.sigma), ("wear/continuity_cost", p.continuityCost),
        ]
        return finite(values)
    }

    /// The `eval/` scalars of an evaluation.
    public static func scalars(_ evaluation: Evaluation) -> [TensorBoardScalar] {
        finite([("eval/mean_reward", evaluation.meanReturn), ("eval/mean_ep_length", evaluation.meanLength),
                ("eval/success_rate", evaluation.successRate), ("eval/continuity_cost", evaluation.meanContinuityCost),
                ("eval/final_error", evaluation.meanFinalError)])
    }

    private static func finite(_ values: [(String, Double?)]) -> [TensorBoardScalar] {
        values.compactMap { tag, value in value.flatMap { $0.isFinite ? TensorBoardScalar(tag, $0) : nil } }
    }
}
