import ArgumentParser
import Foundation
import Learning
import Neural
import SteadyCore

/// `steady train`: train SAC, TD3 or DDPG on an environment and write a run directory.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a SAC, TD3 or DDPG policy and write checkpoints, progress.csv and eval.json.",
        discussion: """
        Off-policy training as Stable-Baselines3 does it: uniformly random actions for \
        --learning-starts steps, then one gradient update per step on a replay batch. Every \
        --eval-every steps the policy is evaluated deterministically and checkpointed \
        (atomically) to OUT/policy; at the end it is evaluated over --final-episodes episodes \
        and OUT/eval.json is written. OUT/progress.csv gets a row every --log-every steps; TensorBoard \
        curves (Stable-Baselines3's tag names: rollout/ep_rew_mean, train/critic_loss, time/fps, \
        eval/mean_reward, …, plus wear/continuity_cost) go to OUT/tb every 100 steps (--tensorboard \
        DIR elsewhere, --no-tensorboard for none).

        Exploration (--explore), all in the normalized [-1, 1] action space, clipped before \
        unscaling, redrawn every --noise-interval steps (-1: once per episode) and at each \
        episode start:
          policy    SAC's own squashed-Gaussian sampling (SAC's default)
          gaussian  N(0, sigma^2) action noise (TD3/DDPG default, sigma 0.1)
          ou        Ornstein-Uhlenbeck noise (--ou-theta, --sigma, --ou-dt)
          param     adaptive parameter noise on a LayerNorm actor (TD3/DDPG only):
                    sigma adapts every --adapt-every updates toward --param-delta
                    (--no-param-layer-norm: no LayerNorm; --no-param-adapt: sigma fixed)
          gsde      state-dependent noise z(s)·E: SAC learns sigma (--log-std-init);
                    TD3/DDPG scale E so the action noise has std --sigma

        Examples:
          steady train --env pendulum --algo sac --steps 20000 --seed 1 --out runs/sac1 --lr 1e-3 --learning-starts 1000
          steady train --env pendulum --algo ddpg --explore param --steps 20000 --out runs/ddpg-param
        """)

    @Option(name: .long, help: "Environment: \(knownEnvironmentNames.joined(separator: ", ")) (or ROBOT:TASK once registered).")
    var env: String

    @Option(name: .long, help: "Environment steps to train for.", transform: TrainingRanges.steps.parse)
    var steps: Int

    @Option(name: .long, help: "Seed of networks, environments, replay sampling and noise.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Run directory to write (created; files in it are replaced).")
    var out: String

    @Option(name: .customLong("learning-starts"), help: "Steps of uniformly random actions before the first update.",
            transform: TrainingRanges.learningStarts.parse)
    var learningStarts = 100

    @Option(name: .customLong("train-freq"), help: "Environment rounds between training phases.", transform: TrainingRanges.trainFrequency.parse)
    var trainFrequency = 1

    @Option(name: .customLong("gradient-steps"), parsing: .unconditional, help: "Updates per training phase (-1: one per step collected).",
            transform: TrainingRanges.gradientSteps.parse)
    var gradientSteps = 1

    @Option(name: .long, help: "Environments stepped in turn (each with its own noise).", transform: TrainingRanges.environments.parse)
    var envs = 1

    @Option(name: .customLong("eval-every"), help: "Steps between evaluations and checkpoints (0: only at the end).",
            transform: TrainingRanges.evaluationInterval.parse)
    var evalEvery = 5_000

    @Option(name: .customLong("eval-episodes"), help: "Episodes per periodic evaluation.", transform: TrainingRanges.evaluationEpisodes.parse)
    var evalEpisodes = 5

    @Option(name: .customLong("final-episodes"), help: "Episodes of the final evaluation.", transform: TrainingRanges.evaluationEpisodes.parse)
    var finalEpisodes = 10

    @Option(name: .customLong("log-every"), help: "Steps between progress.csv rows.", transform: TrainingRanges.logInterval.parse)
    var logEvery = 1_000

    @Option(name: .customLong("her"), help: ArgumentHelp(
        "Hindsight experience replay: relabelled goals per stored transition (k of SB3's HerReplayBuffer, future strategy); 0 turns it off. Default: 4 for the goal-conditioned tasks (reach, pose and their -sparse variants), 0 otherwise.",
        valueName: "k"), transform: TrainingRanges.hindsightGoals.parse)
    var her: Int?

    /// HER's k for this run: `--her`, else 4 for a goal-conditioned task.
    func hindsightGoals(for environment: any Environment) -> Int {
        her ?? (environment is any GoalConditionedTask ? 4 : 0)
    }

    @Option(name: .customLong("action-rate-penalty"), help: "Coefficient c of the robot tasks' action-rate penalty -c·|a_t - a_t-1|² in [0, 100] (default: the task's, 1 for reach, 0 for the hand). Training and evaluation use it.",
            transform: CommandRanges.actionRatePenalty.parse)
    var actionRatePenalty: Double?

    @Option(name: .customLong("lr-schedule"), help: "Learning-rate schedule: constant, or linear (the rate times the fraction of the run still to go, 0 at the end: SB3/rl-zoo's linear_schedule). Every optimizer follows it.")
    var lrSchedule: LearningRateSchedule = .constant

    @Flag(name: .long, help: "Print only the final summary.")
    var quiet = false

    @OptionGroup var agentOptions: AgentOptions
    @OptionGroup var explorationOptions: ExplorationOptions
    @OptionGroup var tensorBoardOption: TensorBoardOption

    var algo: TrainAlgorithm { agentOptions.algo }
    var explorationKind: ExplorationSettings.Kind { explorationOptions.kind(for: algo) }

    /// Each numeric option was checked against its range (`TrainingRanges`) as it was parsed;
    /// what is left are the choices that constrain each other.
    func validate() throws {
        try explorationOptions.check(for: algo, allowsSACParameterNoise: false, standalone: true)
        let environment = try makeEnvironment(name: env, seed: 0)
        if let her, her > 0, !(environment is any GoalConditionedTask) {
            throw ValidationError("--her needs a goal-conditioned task (ROBOT:reach, ROBOT:pose and their -sparse variants), not \(env)")
        }
    }

    @Option(name: .long, help: "Domain randomization of the training environments: none, default (robots/<robot>/randomization.yaml) or a YAML file. Evaluation always uses the nominal model.")
    var randomize = "none"

    func run() throws {
        BLAS.threadCount = agentOptions.blasThreads
        let runDirectory = URL(fileURLWithPath: out)
        // Training copies are domain-randomized as asked; evaluation runs on the nominal model.
        let environments = try (0..<envs).map { try makeEnvironment(name: env, seed: seed &+ UInt64($0), randomize: randomize, actionRatePenalty: actionRatePenalty) }
        let evaluationEnvironment = try makeEnvironment(name: env, seed: seed &+ 999_983, actionRatePenalty: actionRatePenalty)
        let exploration = explorationOptions.settings(for: algo)
        let first = environments[0]
        let agent = try agentOptions.agent(observationSize: first.observationSpace.dimension,
                                           actionSize: first.actionSpace.dimension, exploration: exploration, seed: seed)
        var settings = TrainingSettings(totalSteps: steps, seed: seed)
        settings.learningStarts = learningStarts
        settings.trainFrequency = trainFrequency
        settings.gradientSteps = gradientSteps
        settings.bufferSize = agentOptions.buffer
        settings.evaluationInterval = evalEvery
        settings.evaluationEpisodes = evalEpisodes
        settings.finalEvaluationEpisodes = finalEpisodes
        settings.logInterval = logEvery
        settings.hindsightGoals = hindsightGoals(for: first)
        settings.learningRateSchedule = lrSchedule
        let trainer = OffPolicyTrainer(agent: agent, environments: environments,
                                       evaluationEnvironment: evaluationEnvironment, settings: settings,
                                       runDirectory: runDirectory)
        let display = TrainProgressDisplay(quiet: quiet)
        let tensorBoard = try tensorBoardOption.makeWriter(runDirectory: runDirectory).map(TrainingTensorBoard.init)
        defer { try? tensorBoard?.writer.close() }
        trainer.onProgress = { progress in
            display.show(progress)
            tensorBoard?.record(progress)
        }
        installStopSignals()
        trainer.shouldStop = { stopSignalReceived != 0 }
        if !quiet {
            let replay = settings.hindsightGoals > 0 ? ", HER k=\(settings.hindsightGoals)" : ""
            print("training \(agent.algorithm) on \(env) (explore \(explorationKind.rawValue)\(replay)), \(steps) steps, seed \(seed) → \(out)")
        }
        let result: TrainingResult
        do {
            result = try trainer.run()
        } catch {
            display.finish()
            printError("steady train: \(error)")
            throw ExitCode.failure
        }
        display.finish()
        tensorBoard?.record(final: result)
        try tensorBoard?.writer.close()
        let e = result.evaluation
        print("""
        \(agent.algorithm) on \(env), seed \(seed): \(result.timesteps) steps, \(result.episodes) episodes in \(fixed(result.wallSeconds, 1)) s (\(fixed(result.updatesPerSecond, 0)) updates/s)
        eval over \(e.returns.count) episodes: \(TrainProgressDisplay.summary(e))
        continuity cost (normalized actions): training \(fixed(result.trainingContinuityCost, 3)), evaluation \(fixed(e.meanContinuityCost, 3))
        \(Self.wearLine(result.explorationWear))
        wrote \(out)/progress.csv, \(out)/eval.json, \(out)/wear.json, \(out)/policy/
        """ + (tensorBoard.map { "\ntensorboard: \(displayPath($0.writer.url))" } ?? ""))
        if stopSignalReceived != 0 { throw ExitCode(130) }
    }

    /// The exploring policy's wear, as the summary prints it.
    static func wearLine(_ wear: ExplorationWear?) -> String {
        guard let wear, wear.episodes > 0 else { return "exploration wear: no episode explored from start to end" }
        return "exploration wear over \(wear.episodes) episodes: continuity cost \(fixed(wear.continuityCost, 3)), "
            + "spectral smoothness \(fixed(wear.spectralSmoothness, 4)), reversals \(fixed(wear.reversalsPerSecond, 2))/s, "
            + "rms jerk \(fixed(wear.rmsJerk, 1))/s³"
    }
}

extension ExplorationSettings.Kind: ExpressibleByArgument {}

extension LearningRateSchedule: ExpressibleByArgument {}
