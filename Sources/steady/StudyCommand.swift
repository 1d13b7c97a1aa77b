import ArgumentParser
import Foundation
import Learning
import SteadyCore

/// `steady study`: experiments made of many training runs.
struct StudyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "study",
        abstract: "Run a study of many training runs and write its tables and plots.",
        subcommands: [ExplorationStudyCommand.self])
}

/// `steady study exploration`: exploration kinds and their knobs against the wear of the
/// exploring policy (issue 11).
struct ExplorationStudyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exploration",
        abstract: "Exploration versus wear: a grid of steady train runs, their returns and the exploring policy's smoothness.",
        discussion: """
        Trains one `steady train` child per configuration and seed into OUT/runs/<config>-s<seed>/ \
        (--jobs at a time) and writes OUT/runs.csv, OUT/curves.csv, OUT/summary.md (a mean ± std \
        table per ablation) and OUT/return_vs_interval.png, OUT/continuity_vs_interval.png, \
        OUT/return_vs_continuity.png. A run whose eval.json records all --steps is never redone: \
        interrupt (Ctrl-C) and rerun to finish only the missing runs. The report is re-made from \
        whatever runs have finished every time the command runs (--report-only does only that).

        Grids: full (gaussian and OU per step; gSDE and parameter noise — LayerNorm and adaptive \
        δ=0.2, without LayerNorm, with σ fixed — at intervals 1, 2, 4, 8, 16, 64 and once per \
        episode; δ 0.05, 0.1, 0.4 at interval 8: 33 configurations), small (10), or a file of \
        configuration names, one per line: gaussian-i1, ou-i1, gsde-i8, gsde-iep, \
        param-ln-adapt-d0.2-i8, param-noln-adapt-d0.2-i8, param-ln-fixed-i8, …

        Arguments after -- go to every steady train run (e.g. -- --learning-starts 1000 --lr 1e-3).

        Example:
          steady study exploration --env pendulum --algo td3 --seeds 1,2,3 --steps 20000 --jobs 2 --out studies/pendulum
        """)

    @Option(name: .long, help: "Environment, as steady train takes it (required unless --report-only).")
    var env: String?

    @Option(name: .long, help: "Algorithm: td3 or ddpg (parameter noise needs a deterministic actor).")
    var algo: TrainAlgorithm = .td3

    @Option(name: .long, help: "Seeds, comma-separated (each 0–2^64−1).", transform: parseSeeds)
    var seeds: [UInt64] = [1, 2, 3]

    @Option(name: .long, help: "Environment steps per run.", transform: TrainingRanges.steps.parse)
    var steps = 20_000

    @Option(name: .long, help: "Hidden layer widths of actor and critics (as steady train --net).", transform: hiddenSizesArgument)
    var net = "256,256"

    @Option(name: .long, help: "Training runs at once (1–64).", transform: CommandRanges.studyJobs.parse)
    var jobs = 2

    @Option(name: .long, help: "Grid: full, small, or a file of configuration names (one per line).")
    var grid = "full"

    @Option(name: .long, help: "Study directory (runs/ and the report go here).")
    var out: String

    @Flag(name: .customLong("report-only"), help: "Only re-make the report from the runs that have finished.")
    var reportOnly = false

    @Argument(parsing: .postTerminator, help: "Extra steady train arguments for every run, after --.")
    var trainArguments: [String] = []

    func validate() throws {
        if env == nil && !reportOnly { throw ValidationError("--env is required (unless --report-only)") }
        if algo == .sac { throw ValidationError("--algo sac cannot explore with parameter noise: use td3 or ddpg") }
        if Set(seeds).count != seeds.count { throw ValidationError("--seeds lists a seed twice") }
    }

    func run() throws {
        let directory = URL(fileURLWithPath: out)
        let configurations = try StudyGrid.load(grid)
        let plan = configurations.flatMap { configuration in seeds.map { (configuration, $0) } }
        let runsDirectory = directory.appendingPathComponent("runs")
        // --report-only takes what the study was run with from its study.json.
        let saved = reportOnly ? try ExplorationStudySettings.load(from: directory) : nil
        let environment = env ?? saved?.environment ?? ""
        let algorithm = saved?.algorithm ?? algo.rawValue
        if !reportOnly {
            let settings = ExplorationStudySettings(environment: environment, algorithm: algo.rawValue, steps: steps, net: net,
                                                    trainArguments: trainArguments)
            try settings.checkAndSave(in: directory)
            let finished = Set(StudyRun.loadAll(runsDirectory: runsDirectory, requiredSteps: steps).map(\.name))
            let pending = plan.map { StudyRun.name($0.0, seed: $0.1) }.filter { !finished.contains($0) }
            let done = plan.count - pending.count
            print("exploration study on \(environment) (\(algo.rawValue), \(steps) steps): \(configurations.count) configurations × \(seeds.count) seeds = \(plan.count) runs; \(done) finished, \(pending.count) to run, \(jobs) at a time → \(out)")
            installStopSignals()
            let runner = ExplorationStudyRunner(jobs: jobs, total: plan.count)
            let planned = plan.filter { pending.contains(StudyRun.name($0.0, seed: $0.1)) }.map { configuration, seed in
                let name = StudyRun.name(configuration, seed: seed)
                let runDirectory = runsDirectory.appendingPathComponent(name)
                return ExplorationStudyRunner.Planned(name: name, arguments: trainCommand(configuration, seed: seed, environment: environment, out: runDirectory),
                                                      directory: runDirectory)
            }
            try runner.run(planned, alreadyDone: done)
            try writeReport(directory: directory, environment: environment, algorithm: algorithm, configurations: configurations,
                            planned: plan.count)
            if stopSignalReceived != 0 { throw ExitCode(130) }
            if !runner.failures.isEmpty {
                printError("steady study exploration: \(runner.failures.count) run(s) failed: \(runner.failures.joined(separator: ", "))")
                throw ExitCode.failure
            }
        } else {
            try writeReport(directory: directory, environment: environment, algorithm: algorithm, configurations: configurations,
                            planned: plan.count)
        }
    }

    /// The `steady train` arguments of one run.
    func trainCommand(_ configuration: StudyConfiguration, seed: UInt64, environment: String, out: URL) -> [String] {
        ["train", "--env", environment, "--algo", algo.rawValue, "--steps", String(steps), "--seed", String(seed), "--net", net,
         "--out", out.path, "--quiet", "--no-tensorboard", "--log-every", String(max(1, steps / 50))]
            + configuration.trainArguments + trainArguments
    }

    func writeReport(directory: URL, environment: String, algorithm: String, configurations: [StudyConfiguration],
                     planned: Int) throws {
        let requiredSteps = reportOnly ? nil : steps
        let runs = StudyRun.loadAll(runsDirectory: directory.appendingPathComponent("runs"), requiredSteps: requiredSteps)
        let report = ExplorationStudyReport(environment: environment, algorithm: algorithm, grid: configurations,
                                            plannedRuns: planned, runs: runs)
        try report.write(to: directory)
        print("wrote \(out)/summary.md, runs.csv (\(runs.count) runs), curves.csv, return_vs_interval.png, continuity_vs_interval.png, return_vs_continuity.png")
    }
}

/// `--seeds 1,2,3`.
func parseSeeds(_ text: String) throws -> [UInt64] {
    let seeds = text.split(separator: ",", omittingEmptySubsequences: false).map { UInt64($0.trimmingCharacters(in: .whitespaces)) }
    guard !seeds.isEmpty, seeds.allSatisfy({ $0 != nil }) else {
        throw ValidationError("--seeds must be comma-separated whole numbers, not '\(text)'")
    }
    return seeds.map { $0! }
}
