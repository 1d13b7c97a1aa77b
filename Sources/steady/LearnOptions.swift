import ArgumentParser
import Learning
import SteadyCore

/// The allowed values of the sidecar's, the actor's and `steady run --learn`'s numeric options.
enum SidecarRanges {
    /// Gradient updates per stored transition (`--utd`).
    static let utd = SettingRange(1...20)
    /// Transitions stored before the first update (`--learning-starts`).
    static let learningStarts = SettingRange(0...100_000_000)
    /// Updates between weight publications (`--publish-every`).
    static let publishEvery = SettingRange(1...1_000_000)
    /// Seconds between learner checkpoints (`--checkpoint-every`; 0: only at the end).
    static let checkpointEvery = SettingRange(0.0...86_400, unit: "s")
    /// Most transitions per TRANSITIONS frame (`--max-batch`).
    static let maxBatch = SettingRange(1...65_536)
    /// Batches an actor may send ahead of the acknowledgement (`--window`).
    static let window = SettingRange(1...1_024)
    /// Transitions to store or produce before stopping (`--steps`).
    static let steps = SettingRange(1...1_000_000_000)
    /// Rounds per second of a paced actor (`steady actor --pace`).
    static let pace = SettingRange(above: 0.0, through: 100_000, unit: "Hz")
    /// Environments one actor steps (`--envs`).
    static let envs = SettingRange(1...1_024)
    /// Transitions per batch an actor sends (`--send-batch`).
    static let sendBatch = SettingRange(1...65_536)
    /// Transitions an actor keeps until durable (`--store`).
    static let store = SettingRange(1...100_000_000)
    /// Slots of the runtime's transition ring (`--ring`).
    static let ring = SettingRange(1...10_000_000)
    /// Episodes of `steady run --learn` (`--episodes`).
    static let episodes = SettingRange(1...10_000_000)
}

/// `steady run --learn`'s options: the learning actor on a robot or twin, and the sidecar it
/// feeds (started as a child, or reached at `--sidecar`).
struct LearnOptions: ParsableArguments {
    @Option(name: .long, help: "Learn while running: sac, td3 or ddpg (runs reach episodes; see --episodes).")
    var learn: TrainAlgorithm?

    @Option(name: .long, help: "A running learner (a socket path or HOST:PORT); default: start one in RUN/sidecar.",
            transform: sidecarAddressArgument)
    var sidecar: String?

    @Option(name: .customLong("init-from"), help: "Start the actor (and a started learner, with the checkpoint's gamma, tau, learning rate, batch size and critic LayerNorm) from this reach checkpoint directory.")
    var initFrom: String?

    @Option(name: .long, help: "A started learner's gradient updates per transition, 1–20.", transform: SidecarRanges.utd.parse)
    var utd = 1

    @Option(name: .customLong("prior-buffer"), help: "A started learner mixes this run's (or replay.safetensors file's) replay data 50/50 into its batches.")
    var priorBuffer: String?

    @Option(name: .customLong("learning-starts"), help: "A started learner's transitions stored before its first update (0–100000000).",
            transform: SidecarRanges.learningStarts.parse)
    var learningStarts = 200

    @Option(name: .customLong("publish-every"), help: "A started learner's updates between weight publications (1–1000000).",
            transform: SidecarRanges.publishEvery.parse)
    var publishEvery = 50

    @Option(name: .long, help: "A started learner's Adam learning rate, in (0, 1] (default: the --init-from checkpoint's, else SB3's).",
            transform: TrainingRanges.learningRate.parse)
    var lr: Double?

    @Flag(name: .customLong("layer-norm-critics"), help: "A started learner's critics get LayerNorm (for a high --utd).")
    var layerNormCritics = false

    @Option(name: .long, help: "Hidden widths of the actor without --init-from (a checkpoint brings its own).",
            transform: hiddenSizesArgument)
    var net = "256,256"

    @Option(name: .long, help: "Reach episodes to run, 1–10000000 (with --learn, or a reach checkpoint as --policy: scored episodes, written to RUN/episodes.csv; default with --learn: until --duration or Ctrl-C).",
            transform: SidecarRanges.episodes.parse)
    var episodes: Int?

    @Option(name: .long, help: "Slots of the tick's transition ring (1–10000000); a full ring drops and counts.",
            transform: SidecarRanges.ring.parse)
    var ring = 8_192

    @Flag(name: .customLong("hold-without-sidecar"), help: "While the learner is unreachable, hold the pose (default: act on the last good weights).")
    var holdWithoutSidecar = false

    @OptionGroup var stream: ActorStreamOptions

    /// Whether the run learns.
    var isLearning: Bool { learn != nil }
}

/// How an actor streams to the learner: `steady actor`'s and `steady run --learn`'s.
struct ActorStreamOptions: ParsableArguments {
    @Option(name: .customLong("send-batch"), help: "Transitions per batch sent to the learner, 1–65536 (at most its --max-batch).",
            transform: SidecarRanges.sendBatch.parse)
    var sendBatch = 32

    @Option(name: .customLong("store"), help: "Transitions kept until the learner has them durable (1–100000000); beyond that a robot's are dropped and counted.",
            transform: SidecarRanges.store.parse)
    var store = 100_000
}
