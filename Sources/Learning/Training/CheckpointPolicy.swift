import Foundation
import Neural
import SteadyCore

/// A trained actor loaded from a checkpoint directory for deterministic inference: what the
/// runtime deploys and `steady eval` runs.
///
/// `act` writes the normalized action in [−1, 1] (tanh(μ(s)) for SAC, μ(s) for TD3/DDPG); the
/// environment or the runtime unscales it with `metadata.rawActionSpace`.
public final class CheckpointPolicy: Policy {
    public let name: String
    /// The checkpoint's metadata.
    public let metadata: CheckpointMetadata
    /// The directory it was loaded from.
    public let directory: URL
    private let squashed: SquashedGaussianActor?
    private let deterministic: DeterministicActor?

    /// Loads and validates the checkpoint in `directory`.
    /// - Throws: `NeuralError` for a truncated or malformed file, or a tensor of the wrong shape
    ///   (naming file and tensor); `LearningError.invalidCheckpoint` for bad metadata.
    public convenience init(directory: URL) throws {
        let (metadata, file) = try Checkpoint.read(from: directory)
        try self.init(metadata: metadata, file: file, directory: directory)
    }

    /// Builds the actor `metadata` describes from `file`'s tensors.
    ///
    /// Every size in the metadata is checked before anything is allocated for it: each within
    /// its range (`TrainingRanges`), and the whole network no larger than the values the file
    /// holds, so a hostile file cannot make the loader allocate more than its own size.
    /// - Throws: `LearningError.invalidCheckpoint` naming the field; `NeuralError` naming the tensor.
    public init(metadata: CheckpointMetadata, file: SafetensorsFile, directory: URL) throws {
        let path = file.path
        let description = metadata.actor
        try Self.checkSizes(metadata, file: file)
        guard let activation = MLP.Activation(rawValue: description.activation) else {
            throw LearningError.invalidCheckpoint(path: path, reason: "unknown activation '\(description.activation)'")
        }
        guard metadata.observationNormalization.kind == "none" else {
            throw LearningError.invalidCheckpoint(path: path, reason:
                "observation normalization '\(metadata.observationNormalization.kind)' is not supported")
        }
        var unused = SeededGenerator(seed: 0)
        switch description.kind {
        case .squashedGaussian:
            let actor = SquashedGaussianActor(observationSize: metadata.observationSize, actionSize: metadata.actionSize,
                                              hiddenSizes: description.hiddenSizes, activation: activation,
                                              stateDependentNoise: description.stateDependentNoise, maxBatch: 1,
                                              generator: &unused)
            try actor.network.load(from: file, prefix: description.tensorPrefix)
            if description.stateDependentNoise {
                let name = description.tensorPrefix + "log_std"
                guard let tensor = file[name] else { throw NeuralError.missingTensor(path: path, tensor: name) }
                guard tensor.shape == actor.logStd.shape else {
                    throw NeuralError.shapeMismatch(path: path, tensor: name, expected: actor.logStd.shape, found: tensor.shape)
                }
                actor.logStd.value.baseAddress.update(from: tensor.values, count: tensor.values.count)
            }
            squashed = actor
            deterministic = nil
        case .deterministic:
            let actor = DeterministicActor(observationSize: metadata.observationSize, actionSize: metadata.actionSize,
                                           hiddenSizes: description.hiddenSizes, layerNorm: description.layerNorm,
                                           activation: activation, maxBatch: 1, generator: &unused)
            try actor.network.load(from: file, prefix: description.tensorPrefix)
            squashed = nil
            deterministic = actor
        }
        self.metadata = metadata
        self.directory = directory
        name = "\(metadata.algorithm) \(metadata.environment) step \(metadata.step) (\(directory.path))"
    }

    /// Checks every size of `metadata` against its range and against the values `file` holds.
    private static func checkSizes(_ metadata: CheckpointMetadata, file: SafetensorsFile) throws {
        func fail(_ field: String, _ problem: String) -> LearningError {
            .invalidCheckpoint(path: file.path, reason: "field '\(field)': \(problem)")
        }
        let widths = metadata.actor.hiddenSizes
        if let problem = TrainingRanges.spaceDimension.problem(metadata.observationSize) { throw fail("observation_size", problem) }
        if let problem = TrainingRanges.spaceDimension.problem(metadata.actionSize) { throw fail("action_size", problem) }
        if let problem = TrainingRanges.hiddenLayers.problem(widths.count) { throw fail("actor.hidden_sizes", "\(widths.count) layers: \(problem)") }
        if let width = widths.first(where: { !TrainingRanges.hiddenWidth.contains($0) }) {
            throw fail("actor.hidden_sizes", TrainingRanges.hiddenWidth.problem(width)!)
        }
        if let problem = SettingRange(above: 0.0, through: 3600, unit: "s").problem(metadata.controlPeriodSeconds) {
            throw fail("control_period_seconds", problem)
        }
        // Weights and biases of every Linear (LayerNorms and gSDE's log σ only add to it).
        var parameters = 0, width = metadata.observationSize
        for next in widths + [metadata.actionSize] {
            parameters += (width + 1) * next
            width = next
        }
        let held = file.tensors.reduce(0) { $0 + $1.values.count }
        guard parameters <= held else {
            throw fail("actor.hidden_sizes", "describe an actor of at least \(parameters) values, but the file holds \(held)")
        }
    }

    /// Floats per observation.
    public var observationSize: Int { metadata.observationSize }
    /// Action dimension.
    public var actionSize: Int { metadata.actionSize }

    /// Checks that `environment` has this checkpoint's observation size and action dimension.
    /// - Throws: `LearningError.incompatibleCheckpoint` naming both shapes.
    public func checkCompatible(with environment: any Environment) throws {
        let observations = environment.observationSpace.dimension, actions = environment.actionSpace.dimension
        guard observations == observationSize, actions == actionSize else {
            throw LearningError.incompatibleCheckpoint(path: directory.path, reason:
                "trained for \(metadata.environment) with \(observationSize) observations and \(actionSize) actions; "
                + "\(environment.name) has \(observations) observations and \(actions) actions")
        }
    }

    /// The exploration `settings` asks for (by default the one it was trained with), around this
    /// checkpoint's actor, for `environments` environments: how a policy that keeps learning
    /// where it runs explores, with the code `steady train` uses. Set its `state` from the learner.
    public func makeExploration(environments: Int, settings: ExplorationSettings? = nil) -> any Exploration {
        let settings = settings ?? metadata.exploration
        if let squashed { return squashed.makeExploration(settings, environments: environments) }
        return deterministic!.makeExploration(settings, environments: environments)
    }

    /// Nothing to reset: the policy is stateless.
    public func reset() {}

    /// Writes the deterministic normalized action.
    /// - Important: Allocates nothing; safe for the control tick.
    public func act(observation: UnsafeBufferPointer<Float>, action: UnsafeMutableBufferPointer<Float>) {
        precondition(observation.count == observationSize && action.count == actionSize,
                     "CheckpointPolicy: expected \(observationSize) observations and \(actionSize) actions")
        if let squashed {
            squashed.deterministicAction(observation: observation, into: action)
        } else {
            deterministic!.act(observation: observation, into: action)
        }
    }
}
