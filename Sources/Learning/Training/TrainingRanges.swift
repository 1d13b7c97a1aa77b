import SteadyCore

/// The allowed values of training's numeric settings: `steady train`'s options, and what a
/// checkpoint's metadata may describe (a network wider than `hiddenWidth` is refused before
/// anything is allocated for it).
public enum TrainingRanges {
    /// Environment steps to train for.
    public static let steps = SettingRange(1...1_000_000_000, unit: "steps")
    /// One hidden layer's width.
    public static let hiddenWidth = SettingRange(1...4096, unit: "units")
    /// Hidden layers per network.
    public static let hiddenLayers = SettingRange(1...8, unit: "layers")
    /// Transitions per gradient update.
    public static let batch = SettingRange(1...65_536)
    /// Adam's learning rate.
    public static let learningRate = SettingRange(above: 0.0, through: 1)
    /// The target networks' Polyak rate.
    public static let tau = SettingRange(above: 0.0, through: 1)
    /// The discount factor.
    public static let gamma = SettingRange(0.0...1)
    /// Random steps before the first update.
    public static let learningStarts = SettingRange(0...1_000_000_000, unit: "steps")
    /// Collection rounds between training phases.
    public static let trainFrequency = SettingRange(1...1_000_000)
    /// Updates per training phase.
    public static let gradientSteps = SettingRange(1...10_000, alsoAllowing: (-1, "one per step collected"))
    /// Replay capacity, transitions.
    public static let buffer = SettingRange(1...10_000_000, unit: "transitions")
    /// Environments stepped in turn.
    public static let environments = SettingRange(1...256)
    /// Steps between noise draws.
    public static let noiseInterval = SettingRange(1...1_000_000, unit: "steps", alsoAllowing: (-1, "once per episode"))
    /// σ of action noise, initial parameter noise, or TD3/DDPG gSDE's action noise.
    public static let sigma = SettingRange(0.0...10)
    /// Ornstein–Uhlenbeck mean reversion θ.
    public static let ouTheta = SettingRange(0.0...1000)
    /// Ornstein–Uhlenbeck time step.
    public static let ouDt = SettingRange(above: 0.0, through: 10)
    /// Parameter noise's target action distance δ.
    public static let targetDistance = SettingRange(above: 0.0, through: 10)
    /// Updates between parameter-noise adaptations.
    public static let adaptationInterval = SettingRange(1...1_000_000, unit: "updates")
    /// SAC gSDE's initial log σ.
    public static let logStdInit = SettingRange(-20.0...2)
    /// Steps between evaluations and checkpoints.
    public static let evaluationInterval = SettingRange(1...1_000_000_000, unit: "steps", alsoAllowing: (0, "only at the end"))
    /// Episodes of one evaluation.
    public static let evaluationEpisodes = SettingRange(1...10_000)
    /// Steps between progress.csv rows.
    public static let logInterval = SettingRange(1...1_000_000_000, unit: "steps")
    /// Hindsight relabelled goals per stored transition (HER's k).
    public static let hindsightGoals = SettingRange(0...16, unit: "goals")
    /// OpenBLAS threads.
    public static let blasThreads = SettingRange(1...256)
    /// A checkpoint's observation size or action dimension.
    public static let spaceDimension = SettingRange(1...100_000)

    /// The widths in `text` (`256,256`), each in `hiddenWidth`, at most `hiddenLayers` of them.
    /// - Throws: `SettingError` saying what is allowed.
    public static func parseHiddenSizes(_ text: String) throws -> [Int] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        let sizes = try parts.map { try hiddenWidth.parse(String($0)) }
        if let problem = hiddenLayers.problem(sizes.count) {
            throw SettingError(name: nil, reason: "\(sizes.count) widths: \(problem)")
        }
        return sizes
    }
}

extension ExplorationSettings {
    /// What is wrong with these settings, if anything, naming the setting and its allowed values.
    public var problem: String? {
        let checks: [(String, String?)] = [
            ("noise interval", TrainingRanges.noiseInterval.problem(noiseInterval)),
            ("sigma", TrainingRanges.sigma.problem(sigma)),
            ("OU theta", TrainingRanges.ouTheta.problem(ouTheta)),
            ("OU dt", TrainingRanges.ouDt.problem(ouDt)),
            ("target distance", TrainingRanges.targetDistance.problem(targetDistance)),
            ("adaptation interval", TrainingRanges.adaptationInterval.problem(adaptationInterval)),
            ("log std init", TrainingRanges.logStdInit.problem(logStdInit)),
        ]
        return TrainingRanges.firstProblem(checks)
    }
}

extension TrainingSettings {
    /// What is wrong with these settings, if anything, naming the setting and its allowed values.
    public var problem: String? {
        let checks: [(String, String?)] = [
            ("total steps", TrainingRanges.steps.problem(totalSteps)),
            ("learning starts", TrainingRanges.learningStarts.problem(learningStarts)),
            ("train frequency", TrainingRanges.trainFrequency.problem(trainFrequency)),
            ("gradient steps", TrainingRanges.gradientSteps.problem(gradientSteps)),
            ("buffer size", TrainingRanges.buffer.problem(bufferSize)),
            ("evaluation interval", TrainingRanges.evaluationInterval.problem(evaluationInterval)),
            ("evaluation episodes", TrainingRanges.evaluationEpisodes.problem(evaluationEpisodes)),
            ("final evaluation episodes", TrainingRanges.evaluationEpisodes.problem(finalEvaluationEpisodes)),
            ("log interval", TrainingRanges.logInterval.problem(logInterval)),
        ]
        return TrainingRanges.firstProblem(checks)
    }
}

extension TrainingRanges {
    /// The first `setting: problem` of (setting, problem) pairs, nil when there is none.
    static func firstProblem(_ checks: [(String, String?)]) -> String? {
        checks.first { $0.1 != nil }.map { "\($0.0): \($0.1!)" }
    }
}
