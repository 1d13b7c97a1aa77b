import ArgumentParser
import Foundation
import Learning
import Sidecar
import SteadyCore

/// One policy of the transfer study: trained with or without domain randomization, or given.
struct TransferCondition {
    /// Its directory under --out (`with-randomization`).
    var name: String
    /// Its name in the table.
    var label: String
    /// `steady train --randomize` for it.
    var randomize: String
    /// A given checkpoint (nil: train one).
    var checkpoint: String?
}

/// The steps of `steady transfer`, run in order as children of this process, each skipped when
/// its result file exists (so a rerun resumes), with a progress line and an estimate of the
/// time left.
final class TransferStudy {
    /// What a step does.
    enum Kind: String {
        case train, nominal = "eval-nominal", shifted = "eval-shifted", twin, fineTune = "finetune", twinFineTuned = "twin-finetuned"
    }

    let command: TransferCommand
    let robot: String
    let physics: String
    let directory: URL
    private var estimatedDone = 0.0, actualDone = 0.0, estimatedLeft = 0.0

    init(command: TransferCommand, robot: String, physics: String, directory: URL) {
        self.command = command
        self.robot = robot
        self.physics = physics
        self.directory = directory
    }

    /// The training command of the study's policies (the reach recipe of the README).
    static func trainArguments(robot: String, randomize: String, steps: Int, seed: UInt64, out: String) -> [String] {
        ["train", "--env", "\(robot):reach", "--algo", "sac", "--net", "64,64", "--gamma", "0.95", "--lr", "1e-3",
         "--lr-schedule", "linear", "--her", "4",
         "--learning-starts", String(min(1_000, steps)), "--randomize", randomize, "--steps", String(steps),
         "--seed", String(seed), "--eval-every", "0", "--final-episodes", "10", "--no-tensorboard", "--out", out]
    }

    /// Runs every step not done yet and returns the table's rows.
    func run(conditions: [TransferCondition]) throws -> [TransferRow] {
        var plan: [(TransferCondition, Kind)] = []
        for condition in conditions {
            if condition.checkpoint == nil { plan.append((condition, .train)) }
            plan += [(condition, .nominal), (condition, .shifted), (condition, .twin)]
            if command.fineTuneEpisodes > 0 { plan += [(condition, .fineTune), (condition, .twinFineTuned)] }
        }
        let pending = plan.filter { !isDone($0.1, $0.0) }
        estimatedLeft = pending.map { estimate($0.1) }.reduce(0, +)
        for (index, (condition, kind)) in plan.enumerated() {
            let prefix = "[\(index + 1)/\(plan.count)] \(condition.label): \(kind.rawValue)"
            if isDone(kind, condition) {
                print("\(prefix): done before (\(displayPath(resultFile(kind, condition))))")
                continue
            }
            print("\(prefix) … (time left ≈ \(Self.minutes(timeLeft())))")
            flushOutput()
            let start = Date()
            try perform(kind, condition)
            let seconds = Date().timeIntervalSince(start)
            estimatedDone += estimate(kind)
            estimatedLeft -= estimate(kind)
            actualDone += seconds
            print("\(prefix): \(summary(kind, condition)) in \(fixed(seconds, 0)) s")
            flushOutput()
        }
        return try conditions.map { try row($0) }
    }

    // MARK: - Files

    func conditionDirectory(_ c: TransferCondition) -> URL { directory.appendingPathComponent(c.name) }
    func stepDirectory(_ kind: Kind, _ c: TransferCondition) -> URL { conditionDirectory(c).appendingPathComponent(kind.rawValue) }

    /// The file whose presence says the step is done.
    func resultFile(_ kind: Kind, _ c: TransferCondition) -> URL {
        let base = conditionDirectory(c)
        switch kind {
        case .train: return stepDirectory(.train, c).appendingPathComponent("eval.json")
        case .nominal, .shifted: return base.appendingPathComponent("\(kind.rawValue).json")
        case .twin, .twinFineTuned: return stepDirectory(kind, c).appendingPathComponent(EpisodeResults.fileName)
        case .fineTune: return base.appendingPathComponent("finetune.json")
        }
    }

    /// A runtime step is done when its run finished all its episodes (a run stopped by a fault
    /// leaves a shorter episodes.csv).
    func isDone(_ kind: Kind, _ c: TransferCondition) -> Bool {
        switch kind {
        case .twin, .twinFineTuned:
            return (try? EpisodeResults.read(from: stepDirectory(kind, c)).count) == command.runtimeEpisodes
        default:
            return FileManager.default.fileExists(atPath: resultFile(kind, c).path)
        }
    }

    /// The condition's zero-shot checkpoint: given, or its training's.
    func checkpoint(_ c: TransferCondition) -> String {
        c.checkpoint ?? stepDirectory(.train, c).appendingPathComponent("policy").path
    }

    /// The fine-tuned checkpoint the started learner leaves in the run's sidecar directory.
    func fineTunedCheckpoint(_ c: TransferCondition) -> String {
        LearningRun.checkpointDirectory(stepDirectory(.fineTune, c).appendingPathComponent("sidecar").path).path
    }

    // MARK: - Steps

    private func perform(_ kind: Kind, _ c: TransferCondition) throws {
        let log = conditionDirectory(c).appendingPathComponent("\(kind.rawValue).log")
        let o = command
        switch kind {
        case .train:
            try TransferChild.run(Self.trainArguments(robot: robot, randomize: c.randomize, steps: o.steps, seed: o.seed,
                                                      out: stepDirectory(.train, c).path), log: log)
        case .nominal, .shifted:
            var arguments = ["eval", "--policy", checkpoint(c), "--episodes", String(o.simEpisodes), "--seed", String(o.evalSeed), "--json"]
            if kind == .shifted { arguments += ["--physics", physics] }
            try TransferChild.run(arguments, log: log)
            let text = try String(contentsOf: log, encoding: .utf8)
            guard let json = text.split(separator: "\n").last(where: { $0.hasPrefix("{") }) else {
                throw TransferError(step: kind.rawValue, log: log, problem: "steady eval printed no JSON result")
            }
            _ = try SimEvaluationResult(json: Data(json.utf8), file: log.path)
            try AtomicFile.write(String(json) + "\n", to: resultFile(kind, c))
        case .twin, .twinFineTuned:
            let policy = kind == .twin ? checkpoint(c) : fineTunedCheckpoint(c)
            try runtime(["--policy", policy, "--episodes", String(o.runtimeEpisodes), "--seed", String(o.evalSeed)],
                        kind: kind, c: c, log: log, expectedEpisodes: o.runtimeEpisodes)
        case .fineTune:
            // The learner takes the checkpoint's discount, rates, batch and critic shape (SidecarCommand).
            let start = Date()
            try runtime(["--learn", "sac", "--init-from", checkpoint(c), "--episodes", String(o.fineTuneEpisodes),
                         "--utd", String(o.utd), "--learning-starts", String(o.fineTuneLearningStarts), "--seed", String(o.seed)]
                        + ["--lr=\(o.fineTuneLR)"],
                        kind: kind, c: c, log: log, expectedEpisodes: o.fineTuneEpisodes)
            let minutes = Date().timeIntervalSince(start) / 60
            let record = FineTuneRecord(minutes: minutes, episodes: o.fineTuneEpisodes, utd: o.utd, learningRate: o.fineTuneLR)
            try AtomicFile.write(try JSONEncoder().encode(record), to: resultFile(.fineTune, c))
        }
    }

    /// `steady run` on a fresh twin with the shifted physics; its episodes.csv must hold
    /// `expectedEpisodes` episodes (a run that ends non-zero after them, e.g. for failed bus
    /// ticks on a busy machine, still counts; the log says why).
    private func runtime(_ arguments: [String], kind: Kind, c: TransferCondition, log: URL, expectedEpisodes: Int) throws {
        let run = stepDirectory(kind, c)
        let twinLog = conditionDirectory(c).appendingPathComponent("\(kind.rawValue)-twin.log")
        var status: Int32 = 0
        var episodes: [ActorEpisode] = []
        // A bus stalled by a busy machine can stop a run early (a fault the runtime must not
        // ride out); the step is tried once more on a fresh twin, as a user would.
        for attempt in 1...2 where episodes.count < expectedEpisodes {
            if attempt > 1 { print("  note: steady run stopped after \(episodes.count) of \(expectedEpisodes) episodes (status \(status)); trying once more") }
            try? FileManager.default.removeItem(at: run)
            status = try TransferChild.withTwin(robot: robot, physics: physics, log: twinLog) { link in
                // Real-time scheduling where permitted, as a deployment would run (make demo does).
                try TransferChild.run(["run", "--robot", robot, "--port", link, "--rate", fixed(command.rate, 0), "--quiet",
                                       "--soft-start", "0.5", "--max-failed-ticks", "50", "--max-failed-share", "0.5", "--no-tensorboard",
                                       "--overwrite", "--log", run.path] + arguments, log: log, acceptFailure: true)
            }
            episodes = (try? EpisodeResults.read(from: run)) ?? []
        }
        guard episodes.count == expectedEpisodes else {
            throw TransferError(step: kind.rawValue, log: log, problem: "steady run ended with status \(status) after \(episodes.count) of \(expectedEpisodes) episodes")
        }
        if status != 0 { print("  note: steady run ended with status \(status) after all its episodes (see \(displayPath(log)))") }
    }

    // MARK: - Results

    private func summary(_ kind: Kind, _ c: TransferCondition) -> String {
        switch kind {
        case .train: return "trained → \(displayPath(URL(fileURLWithPath: checkpoint(c))))"
        case .nominal, .shifted:
            guard let r = try? SimEvaluationResult(file: resultFile(kind, c)) else { return "done" }
            return "success \(TransferTable.percent(r.successRate)), final distance \(fixed(r.finalDistanceMm, 1)) mm"
        case .twin, .twinFineTuned, .fineTune:
            guard let s = try? RuntimeEpisodeSummary(run: stepDirectory(kind, c)) else { return "done" }
            return "\(s.successes)/\(s.episodes) successes, final distance \(fixed(s.meanDistanceMm, 1)) mm, continuity \(fixed(s.meanContinuity, 3))"
        }
    }

    private func row(_ c: TransferCondition) throws -> TransferRow {
        let fineTuned = command.fineTuneEpisodes > 0
        return TransferRow(condition: c.label, checkpoint: checkpoint(c),
                           nominal: try SimEvaluationResult(file: resultFile(.nominal, c)),
                           shifted: try SimEvaluationResult(file: resultFile(.shifted, c)),
                           twin: try RuntimeEpisodeSummary(run: stepDirectory(.twin, c)),
                           fineTuned: fineTuned ? try RuntimeEpisodeSummary(run: stepDirectory(.twinFineTuned, c)) : nil,
                           fineTune: fineTuned ? try FineTuneRecord.read(resultFile(.fineTune, c)) : nil)
    }

    // MARK: - Time

    /// A rough duration of a step on two idle cores, s (scaled by how the finished steps went).
    private func estimate(_ kind: Kind) -> Double {
        switch kind {
        case .train: return Double(command.steps) / 500 + 10
        case .nominal, .shifted: return Double(command.simEpisodes) * 0.1 + 2
        case .twin, .twinFineTuned: return Double(command.runtimeEpisodes) * 2.5 + 5
        case .fineTune: return Double(command.fineTuneEpisodes) * 3 + 10
        }
    }

    private func timeLeft() -> Double {
        estimatedLeft * (estimatedDone > 0 && actualDone > 10 ? actualDone / estimatedDone : 1)
    }

    static func minutes(_ seconds: Double) -> String {
        seconds < 90 ? "\(Int(seconds.rounded())) s" : "\(fixed(seconds / 60, 1)) min"
    }
}

/// A step of `steady transfer` that failed: names the step and its log.
struct TransferError: Error, CustomStringConvertible {
    var step: String
    var log: URL
    var problem: String
    var description: String { "steady transfer: step \(step) failed: \(problem) (log: \(displayPath(log)))" }
}
