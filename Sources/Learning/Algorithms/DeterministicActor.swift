import Neural
import SteadyCore

/// TD3/DDPG's actor μ(s): an MLP ending in tanh, so actions lie in (−1, 1).
///
/// It is also the policy exploration acts with; what exploration reaches of it (copies to
/// perturb, μ(s) with its features) is in `DeterministicActor+Exploration.swift`.
public final class DeterministicActor {
    /// The network, `observationSize → hidden → actionSize`, tanh output.
    public let network: MLP

    /// Creates an actor; `layerNorm` puts a LayerNorm after each hidden Linear (for parameter noise).
    public init(observationSize: Int, actionSize: Int, hiddenSizes: [Int], layerNorm: Bool = false,
                activation: MLP.Activation = .relu, maxBatch: Int, generator: inout SeededGenerator) {
        network = MLP(.init(inputSize: observationSize, hiddenSizes: hiddenSizes, outputSize: actionSize,
                            activation: activation, layerNorm: layerNorm, outputActivation: .tanh),
                      maxBatch: maxBatch, generator: &generator)
    }

    /// An actor around `network` (for replicas).
    init(network: MLP) { self.network = network }

    /// Floats per observation.
    public var observationSize: Int { network.inputSize }
    /// Floats per action.
    public var actionSize: Int { network.outputSize }
    /// Width of the last hidden layer, z(s).
    public var featureSize: Int { network.configuration.hiddenSizes.last ?? network.inputSize }

    /// μ(s) for each row of `observations` (keeps activations for `backward`).
    @discardableResult
    public func forward(_ observations: Matrix) -> Matrix { network.forward(observations) }

    /// The last hidden features of the last `forward`.
    public var features: Matrix { network.features }

    /// Accumulates parameter gradients from dL/dμ.
    public func backward(_ actionGradient: Matrix) {
        network.backward(actionGradient, computesInputGradient: false)
    }

    /// μ(s) for one observation, optionally with z(s). Allocates nothing.
    public func act(observation: UnsafeBufferPointer<Float>, into action: UnsafeMutableBufferPointer<Float>,
                    features: UnsafeMutableBufferPointer<Float>?) {
        network.predict(observation, into: action, features: features)
    }

    /// μ(s) for one observation. Allocates nothing.
    public func act(observation: UnsafeBufferPointer<Float>, into action: UnsafeMutableBufferPointer<Float>) {
        network.predict(observation, into: action)
    }
}
