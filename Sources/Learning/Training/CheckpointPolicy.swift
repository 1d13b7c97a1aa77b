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
    public init(directory: URL) throws {
        let (metadata, file) = try Checkpoint.read(from: directory)
        let path = file.path
        let description = metadata.actor
        guard metadata.observationSize > 0, metadata.actionSize > 0, !description.hiddenSizes.isEmpty,
              description.hiddenSizes.allSatisfy({ $0 > 0 }) else {
            throw LearningError.invalidCheckpoint(path: path, reason: "metadata has non-positive sizes")
        }
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
