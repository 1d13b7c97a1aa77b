import ArgumentParser
import Learning
import Foundation
import Runtime
import SteadyCore

/// `steady transfer`: the sim-to-real transfer study of one robot's reach task.
struct TransferCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transfer",
        abstract: "Measure sim-to-real transfer: train with and without domain randomization, evaluate each in simulation and on a shifted twin through the runtime, fine-tune online, evaluate again.",
        discussion: """
        For each condition (with and without --randomize default; or the checkpoints given with \
        --with-randomization/--without-randomization): (1) train (`steady train --env ROBOT:reach`), \
        (2) evaluate zero-shot in simulation on the nominal model and (3) on the shifted physics \
        (`steady eval [--physics FILE]`), (4) run --runtime-episodes scored episodes through the \
        real runtime on a twin with the shifted physics over its serial port (`steady twin \
        --physics FILE`, `steady run --policy CHECKPOINT --episodes N`), (5) fine-tune online on a \
        fresh shifted twin through the learning sidecar (`steady run --learn sac --init-from \
        CHECKPOINT --episodes M`), timing it, and (6) run the fine-tuned policy's episodes on the \
        shifted twin again.

        --out DIR gets every step's files (DIR/with-randomization/, DIR/without-randomization/: \
        train/, eval-nominal.json, eval-shifted.json, twin/episodes.csv, finetune/, \
        finetune.json, twin-finetuned/episodes.csv; each step's log beside them), and \
        transfer.md and transfer.csv (the table, printed at the end) and transfer.png (success \
        per stage and policy, grouped bars). A step whose result file exists is not \
        run again: rerun the same command to resume. Runtime evaluations draw their goals with \
        --eval-seed as the task draws its episodes' targets; fine-tuning uses --seed.

        Example:
          steady transfer --robot so101 --task reach --out runs/transfer-so101
        """)

    @OptionGroup var robotOption: RobotOption

    @Option(name: .long, help: "Task: reach (the only one with a runtime adapter).")
    var task = "reach"

    @Option(name: .customLong("with-randomization"), help: ArgumentHelp("Use this checkpoint (or run directory) as the randomized policy instead of training one.", valueName: "DIR"))
    var withRandomization: String?

    @Option(name: .customLong("without-randomization"), help: ArgumentHelp("Use this checkpoint (or run directory) as the policy trained without randomization.", valueName: "DIR"))
    var withoutRandomization: String?

    @Option(name: .long, help: "Shifted physics, the stand-in for the real arm (default: robots/ROBOT/physics-real.yaml).")
    var physics: String?

    @Option(name: .long, help: ArgumentHelp("Directory for every step's files and the table (default: runs/transfer-ROBOT-TASK).", valueName: "DIR"))
    var out: String?

    @Option(name: .long, help: "Training steps per condition.", transform: TransferRanges.steps.parse)
    var steps = 150_000

    @Option(name: .long, help: "Seed of training and of the fine-tuning episodes' goals.")
    var seed: UInt64 = 1

    @Option(name: .customLong("eval-seed"), help: "Seed of the evaluation episodes (simulation and runtime).")
    var evalSeed: UInt64 = 12_345

    @Option(name: .customLong("sim-episodes"), help: "Episodes of each simulated evaluation (1–100000).", transform: CommandRanges.episodes.parse)
    var simEpisodes = 100

    @Option(name: .customLong("runtime-episodes"), help: "Episodes of each evaluation through the runtime on the shifted twin (1–10000).",
            transform: TransferRanges.episodes.parse)
    var runtimeEpisodes = 30

    @Option(name: .customLong("fine-tune-episodes"), help: "Episodes of online fine-tuning on the shifted twin (0 skips fine-tuning; up to 10000).",
            transform: TransferRanges.fineTuneEpisodes.parse)
    var fineTuneEpisodes = 60

    @Option(name: .long, help: "Fine-tuning: the learner's gradient updates per transition, 1–20.", transform: SidecarRanges.utd.parse)
    var utd = 4

    @Option(name: .customLong("fine-tune-learning-starts"), help: "Fine-tuning: transitions before the learner's first update (0–100000000).",
            transform: SidecarRanges.learningStarts.parse)
    var fineTuneLearningStarts = 100

    @Option(name: .customLong("fine-tune-lr"), help: "Fine-tuning: the learner's Adam learning rate, in (0, 1] (a tenth of the reach recipe's 1e-3: at the full rate the updates on a few thousand new transitions undo the pretrained policy).",
            transform: TrainingRanges.learningRate.parse)
    var fineTuneLR = 1e-4

    @Option(name: .long, help: "Loop rate of the runtime steps, Hz (1–1000).", transform: RunRanges.rate.parse)
    var rate: Double = 100

    func validate() throws {
        guard task == "reach" else { throw ValidationError("--task must be reach (the task the runtime can score), not '\(task)'") }
    }

    func run() throws {
        let robot = try robotOption.load()
        guard let robotDirectory = robot.directory else { throw ValidationError("robot \(robot.name) has no directory for its physics files") }
        let physicsFile = physics ?? robotDirectory.appendingPathComponent("physics-real.yaml").path
        guard FileManager.default.fileExists(atPath: physicsFile) else {
            throw ValidationError("--physics: no such file '\(physicsFile)'")
        }
        for (option, path) in [("--with-randomization", withRandomization), ("--without-randomization", withoutRandomization)] {
            if let path, !FileManager.default.fileExists(atPath: LearningRun.checkpointDirectory(path).appendingPathComponent("model.safetensors").path) {
                throw ValidationError("\(option) \(path): no model.safetensors there (a checkpoint directory, or a run directory holding policy/)")
            }
        }
        let directory = URL(fileURLWithPath: out ?? "runs/transfer-\(robot.name)-\(task)")
        let study = TransferStudy(command: self, robot: robot.name, physics: physicsFile, directory: directory)
        installStopSignals()
        print("steady transfer: \(robot.name):\(task), shifted physics \(displayPath(URL(fileURLWithPath: physicsFile))), \(displayPath(directory))")
        let rows = try study.run(conditions: [
            TransferCondition(name: "with-randomization", label: "with randomization", randomize: "default", checkpoint: withRandomization),
            TransferCondition(name: "without-randomization", label: "without randomization", randomize: "none", checkpoint: withoutRandomization),
        ])
        let table = TransferTable(robot: robot.name, physics: displayPath(URL(fileURLWithPath: physicsFile)), rows: rows)
        try AtomicFile.write(table.csv, to: directory.appendingPathComponent("transfer.csv"))
        try AtomicFile.write(table.markdown, to: directory.appendingPathComponent("transfer.md"))
        let png = directory.appendingPathComponent("transfer.png")
        try AtomicFile.write(Data(table.chart.pngData(width: 800, height: 500)), to: png)
        print("")
        print(table.markdown)
        print("wrote \(displayPath(directory.appendingPathComponent("transfer.md"))), \(displayPath(directory.appendingPathComponent("transfer.csv"))), "
              + displayPath(png))
    }
}

/// The allowed values of `steady transfer`'s numeric options.
enum TransferRanges {
    /// Training steps per condition.
    static let steps = SettingRange(1...100_000_000)
    /// Runtime evaluation episodes.
    static let episodes = SettingRange(1...10_000)
    /// Fine-tuning episodes (0: none).
    static let fineTuneEpisodes = SettingRange(0...10_000)
}
