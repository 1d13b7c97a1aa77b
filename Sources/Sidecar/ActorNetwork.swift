import Foundation
import Learning
import Neural
import SteadyCore

/// The actor network an actor explores with, of the shape the spec names; its weights come
/// from the learner's `WEIGHTS` frames.
///
/// `staged(from:)` checks a frame's tensors (names, shapes, finite values) into a fresh network
/// off the acting thread; `adopt` then copies them into this network between steps, so that an
/// `Exploration` made around it keeps its noise state across weight versions.
public final class ActorNetwork {
    /// The shape.
    public let spec: ActorSpec
    /// Floats per observation.
    public let observationSize: Int
    /// Floats per action.
    public let actionSize: Int
    private let squashed: SquashedGaussianActor?
    private let deterministic: DeterministicActor?

    /// Creates a network of `spec`'s shape with seeded random weights.
    public init(spec: ActorSpec, observationSize: Int, actionSize: Int, seed: UInt64 = 0) {
        self.spec = spec
        self.observationSize = observationSize
        self.actionSize = actionSize
        var generator = SeededGenerator(seed: seed)
        switch spec.kind {
        case .squashedGaussian:
            squashed = SquashedGaussianActor(observationSize: observationSize, actionSize: actionSize,
                                             hiddenSizes: spec.hiddenSizes, activation: spec.activation,
                                             stateDependentNoise: spec.stateDependentNoise, maxBatch: 1,
                                             generator: &generator)
            deterministic = nil
        case .deterministic:
            deterministic = DeterministicActor(observationSize: observationSize, actionSize: actionSize,
                                               hiddenSizes: spec.hiddenSizes, layerNorm: spec.layerNorm,
                                               activation: spec.activation, maxBatch: 1, generator: &generator)
            squashed = nil
        }
    }

    private var network: MLP { squashed?.network ?? deterministic!.network }

    /// A new network of this shape holding `file`'s actor tensors (`actor.0.weight`, …, and
    /// `actor.log_std` for gSDE).
    /// - Throws: `NeuralError.missingTensor`/`.shapeMismatch` naming the tensor, or
    ///   `ActorWeightsError.nonFinite` naming it; this network is untouched either way.
    public func staged(from file: SafetensorsFile) throws -> ActorNetwork {
        for tensor in file.tensors where tensor.name.hasPrefix("actor.") {
            if let bad = tensor.values.firstIndex(where: { !$0.isFinite }) {
                throw ActorWeightsError.nonFinite(tensor: tensor.name, index: bad)
            }
        }
        let staged = ActorNetwork(spec: spec, observationSize: observationSize, actionSize: actionSize)
        try staged.network.load(from: file, prefix: "actor.")
        if let squashed = staged.squashed, spec.stateDependentNoise {
            guard let tensor = file["actor.log_std"] else { throw NeuralError.missingTensor(path: file.path, tensor: "actor.log_std") }
            guard tensor.shape == squashed.logStd.shape else {
                throw NeuralError.shapeMismatch(path: file.path, tensor: "actor.log_std", expected: squashed.logStd.shape,
                                                found: tensor.shape)
            }
            squashed.logStd.value.baseAddress.update(from: tensor.values, count: tensor.values.count)
        }
        return staged
    }

    /// Copies a staged network's weights into this one. Allocates nothing.
    public func adopt(_ staged: ActorNetwork) {
        precondition(staged.spec == spec, "ActorNetwork.adopt: a network of another shape")
        network.copyParameters(from: staged.network)
        if let squashed, let source = staged.squashed, spec.stateDependentNoise {
            squashed.logStd.value.baseAddress.update(from: source.logStd.value.baseAddress, count: squashed.logStd.count)
        }
    }

    /// The exploration `settings` asks for around this network, for `environments` environments.
    /// - Throws: `ActorWeightsError.unsupportedExploration` when this shape cannot explore so.
    public func makeExploration(_ settings: ExplorationSettings, environments: Int) throws -> any Exploration {
        guard spec.supports(settings.kind) else {
            throw ActorWeightsError.unsupportedExploration(kind: settings.kind.rawValue, actor: spec.description)
        }
        if let squashed { return squashed.makeExploration(settings, environments: environments) }
        return deterministic!.makeExploration(settings, environments: environments)
    }

    /// The deterministic action. Allocates nothing.
    public func act(observation: UnsafeBufferPointer<Float>, into action: UnsafeMutableBufferPointer<Float>) {
        if let squashed { squashed.deterministicAction(observation: observation, into: action) }
        else { deterministic!.act(observation: observation, into: action) }
    }
}

/// Why an actor refused weights or an exploration.
public enum ActorWeightsError: Error, Equatable, CustomStringConvertible {
    /// A tensor holds NaN or ±∞.
    case nonFinite(tensor: String, index: Int)
    /// The actor's shape cannot explore with this kind.
    case unsupportedExploration(kind: String, actor: String)

    public var description: String {
        switch self {
        case let .nonFinite(tensor, index): "weights tensor '\(tensor)' holds a non-finite value at index \(index)"
        case let .unsupportedExploration(kind, actor): "--explore \(kind) does not work with the actor \(actor)"
        }
    }
}
