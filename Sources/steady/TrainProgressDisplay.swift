import Foundation
import Learning
import SteadyCore

/// The live progress line of `steady train`: redrawn in place on a terminal, otherwise printed
/// as a new line every few seconds (so logs stay readable).
final class TrainProgressDisplay {
    private let interactive: Bool
    private let quiet: Bool
    private var lastPrintNanoseconds: UInt64 = 0
    private let intervalNanoseconds: UInt64

    /// Creates a display; `quiet` prints nothing.
    init(quiet: Bool, interactive: Bool = standardOutputIsTerminal) {
        self.quiet = quiet
        self.interactive = interactive
        intervalNanoseconds = interactive ? 200_000_000 : 5_000_000_000
    }

    /// Shows `progress` when the last line is old enough.
    func show(_ progress: TrainingProgress) {
        guard !quiet else { return }
        let now = Monotonic.nanoseconds()
        guard now - lastPrintNanoseconds >= intervalNanoseconds else { return }
        lastPrintNanoseconds = now
        let line = Self.line(progress)
        if interactive {
            print("\r\(line)\u{1B}[K", terminator: "")
        } else {
            print(line)
        }
        flushOutput()
    }

    /// Ends an in-place line so later output starts on its own line.
    func finish() {
        if interactive && !quiet { print("") }
    }

    /// One progress line.
    static func line(_ p: TrainingProgress) -> String {
        var parts = ["step \(p.timesteps)/\(p.totalSteps)", "\(fixed(p.stepsPerSecond, 0)) steps/s",
                     "\(fixed(p.updatesPerSecond, 0)) upd/s"]
        if let value = p.recentMeanReturn { parts.append("return \(fixed(value, 1))") }
        if let value = p.rollout?.successRate { parts.append("success \(fixed(100 * value, 0))%") }
        if let value = p.lastEvaluationReturn { parts.append("eval \(fixed(value, 1))") }
        if let value = p.lastEvaluation?.evaluation.successRate { parts.append("eval success \(fixed(100 * value, 0))%") }
        if let e = p.lastEvaluation?.evaluation, let error = e.meanFinalError {
            parts.append(e.finalErrorKey == "distance" ? "dist \(fixed(1000 * error, 0)) mm" : "err \(fixed(error, 3))")
        }
        if let value = p.entropyCoefficient { parts.append("ent_coef \(String(format: "%.3g", value))") }
        if let value = p.sigma { parts.append("σ \(String(format: "%.3g", value))") }
        if p.etaSeconds.isFinite { parts.append("eta \(fixed(p.etaSeconds, 0)) s") }
        return parts.joined(separator: "  ")
    }

    /// What users ask of an evaluation, in one line: success (judged at each episode's last
    /// step), final error, return, length, the deterministic policy's continuity cost.
    static func summary(_ e: Evaluation) -> String {
        var parts: [String] = []
        if let rate = e.successRate {
            parts.append("success \(e.successes.filter { $0 }.count)/\(e.successes.count) (\(fixed(100 * rate, 1))%)")
        }
        if let error = e.meanFinalError {
            parts.append(e.finalErrorKey == "distance" ? "final distance \(fixed(1000 * error, 1)) mm"
                         : "final \(e.finalErrorKey ?? "error") \(fixed(error, 4))")
        }
        parts.append("return \(fixed(e.meanReturn, 2)) ± \(fixed(e.standardDeviation, 2))")
        parts.append("length \(fixed(e.meanLength, 1))")
        parts.append("continuity \(fixed(e.meanContinuityCost, 3))")
        return parts.joined(separator: ", ")
    }
}
