import ArgumentParser
import Learning

/// Network and update hyperparameters, shared by `steady train` and `steady sidecar`.
struct AgentOptions: ParsableArguments {
    @Option(name: .long, help: "Algorithm: sac, td3 or ddpg.")
    var algo: TrainAlgorithm = .sac

    @Option(name: .long, help: "Hidden layer widths of actor and critics, comma-separated (1–8 layers of 1–4096 units).",
            transform: hiddenSizesArgument)
    var net = "256,256"

    @Option(name: .long, help: "Transitions per gradient update (default 256).", transform: TrainingRanges.batch.parse)
    var batch: Int?

    @Option(name: .long, help: "Adam learning rate, in (0, 1] (default: 3e-4 for SAC, 1e-3 for TD3/DDPG, as SB3).",
            transform: TrainingRanges.learningRate.parse)
    var lr: Double?

    @Option(name: .long, help: "Polyak rate of the target networks, in (0, 1] (default 0.005).", transform: TrainingRanges.tau.parse)
    var tau: Double?

    @Option(name: .long, help: "Discount factor, in [0, 1] (default 0.99).", transform: TrainingRanges.gamma.parse)
    var gamma: Double?

    @Option(name: .long, help: "Replay buffer capacity (1–10000000 transitions).", transform: TrainingRanges.buffer.parse)
    var buffer = 1_000_000

    @Option(name: .customLong("blas-threads"), help: "OpenBLAS threads for the updates.", transform: TrainingRanges.blasThreads.parse)
    var blasThreads = 1

    @Flag(name: .customLong("layer-norm-critics"), help: "A LayerNorm after each hidden layer of the critics (DroQ, RLPD; for a high --utd).")
    var layerNormCritics = false

    /// The agent these options and `exploration` ask for.
    func agent(observationSize: Int, actionSize: Int, exploration: ExplorationSettings,
                   seed: UInt64) throws -> any OffPolicyAgent & UpdateCostEstimating {
        makeAgent(algorithm: algo, observationSize: observationSize, actionSize: actionSize,
                  hiddenSizes: try parseHiddenSizes(net), batchSize: batch ?? 256, learningRate: lr, tau: tau,
                           gamma: gamma, exploration: exploration, seed: seed, criticLayerNorm: layerNormCritics)
    }
}

extension AgentOptions {
    /// These options with what they leave unset taken from a checkpoint's hyperparameters (as
    /// SB3's `load` restores a model's): the learning rate, batch size, Polyak rate, discount,
    /// and LayerNorm critics; `taken` names what came from the checkpoint, for the learner's
    /// first line. A learner fine-tuning a checkpoint must bootstrap with the discount its
    /// critics were trained for, or every value it starts from is off scale.
    func inheriting(_ hyperparameters: [String: Double]) -> (options: AgentOptions, taken: [String]) {
        var options = self, taken: [String] = []
        func take(_ key: String, _ name: String, into value: inout Double?) {
            guard value == nil, let inherited = hyperparameters[key] else { return }
            value = inherited
            taken.append("\(name) \(inherited)")
        }
        take("learning_rate", "lr", into: &options.lr)
        if batch == nil, let inherited = hyperparameters["batch_size"] {
            options.batch = Int(inherited)
            taken.append("batch \(Int(inherited))")
        }
        take("tau", "tau", into: &options.tau)
        take("gamma", "gamma", into: &options.gamma)
        if !layerNormCritics, (hyperparameters["critic_layer_norm"] ?? 0) != 0 {
            options.layerNormCritics = true
            taken.append("LayerNorm critics")
        }
        return (options, taken)
    }
}

/// Exploration options, shared by `steady train`, `steady sidecar` and `steady actor`.
struct ExplorationOptions: ParsableArguments {
    @Option(name: .long, help: "Exploration: policy, gaussian, ou, param or gsde (default: policy for SAC, gaussian for TD3/DDPG).")
    var explore: ExplorationSettings.Kind?

    @Option(name: .customLong("noise-interval"), parsing: .unconditional, help: "Steps between noise draws; -1 once per episode (default: -1 for param and gsde, 1 otherwise).",
            transform: TrainingRanges.noiseInterval.parse)
    var noiseInterval: Int?

    @Option(name: .long, help: "Noise scale: action-noise std (gaussian, ou), initial parameter std (param), action-noise std of TD3/DDPG gSDE, in [0, 10]. Default 0.1.",
            transform: TrainingRanges.sigma.parse)
    var sigma: Double?

    @Option(name: .customLong("ou-theta"), help: "Ornstein-Uhlenbeck mean reversion, in [0, 1000].", transform: TrainingRanges.ouTheta.parse)
    var ouTheta = 0.15

    @Option(name: .customLong("ou-dt"), help: "Ornstein-Uhlenbeck time step, in (0, 10].", transform: TrainingRanges.ouDt.parse)
    var ouDt = 0.01

    @Option(name: .customLong("param-delta"), help: "Parameter noise's target action distance, in (0, 10].", transform: TrainingRanges.targetDistance.parse)
    var paramDelta = 0.2

    @Option(name: .customLong("adapt-every"), help: "Updates between parameter-noise adaptations.", transform: TrainingRanges.adaptationInterval.parse)
    var adaptEvery = 50

    @Option(name: .customLong("log-std-init"), help: "SAC gSDE's initial log sigma, in [-20, 2].", transform: TrainingRanges.logStdInit.parse)
    var logStdInit = -3.0

    @Flag(name: .customLong("param-layer-norm"), inversion: .prefixedNo,
          help: "Parameter noise: a LayerNorm after each hidden layer of the actor (steady train only for --no-…).")
    var paramLayerNorm = true

    @Flag(name: .customLong("param-adapt"), inversion: .prefixedNo,
          help: "Parameter noise: adapt sigma toward --param-delta; --no-param-adapt keeps --sigma (steady train only).")
    var paramAdapt = true

    /// The kind: `--explore`, else the algorithm's default.
    func kind(for algorithm: TrainAlgorithm) -> ExplorationSettings.Kind { explore ?? (algorithm == .sac ? .policy : .gaussian) }

    /// Refuses kinds the algorithm's actor cannot explore with. Only `steady train` builds its
    /// own actor (`standalone`), so only it may turn parameter noise's LayerNorm or adaptation off:
    /// a sidecar's actors would be built without knowing.
    func check(for algorithm: TrainAlgorithm, allowsSACParameterNoise: Bool, standalone: Bool = false) throws {
        if !standalone && (!paramLayerNorm || !paramAdapt) {
            throw ValidationError("--no-param-layer-norm and --no-param-adapt are for steady train only")
        }
        switch (algorithm, kind(for: algorithm)) {
        case (.sac, .param) where !allowsSACParameterNoise:
            throw ValidationError("--explore param needs a deterministic actor: use --algo td3 or ddpg")
        case (.td3, .policy), (.ddpg, .policy):
            throw ValidationError("--explore policy is SAC's own sampling: use gaussian, ou, param or gsde with \(algorithm.rawValue)")
        default: break
        }
    }

    /// The settings for `algorithm`.
    func settings(for algorithm: TrainAlgorithm) -> ExplorationSettings {
        ExplorationSettings(kind: kind(for: algorithm), noiseInterval: noiseInterval, sigma: sigma, ouTheta: ouTheta,
                            ouDt: ouDt, targetDistance: paramDelta, adaptationInterval: adaptEvery, logStdInit: logStdInit,
                            parameterNoiseLayerNorm: paramLayerNorm, adaptive: paramAdapt)
    }
}
