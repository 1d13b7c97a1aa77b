import Foundation
import Neural

/// The squashed-Gaussian actor as exploration sees it: one sample of its own distribution,
/// gSDE's mean and features with the log σ it learns, and copies whose weights parameter noise
/// perturbs (acting with tanh(μ̃(s))).
extension SquashedGaussianActor {
    /// The exploration `settings` asks for around this actor, for `environments` environments:
    /// its own sampling (`policy`), that plus action noise (`gaussian`, `ou`), gSDE with its
    /// learned σ (`gsde`, for an actor built with state-dependent noise), or parameter noise on
    /// its mean (`param`).
    public func makeExploration(_ settings: ExplorationSettings, environments: Int) -> any Exploration {
        precondition(settings.kind != .gsde || usesStateDependentNoise,
                     "SquashedGaussianActor: gSDE needs an actor built with state-dependent noise")
        return settings.makeExploration(around: self, maxBatch: network.maxBatch, environments: environments)
    }
}

extension SquashedGaussianActor: StochasticPolicy {
    public var samplingDimension: Int { actionSize }

    /// tanh(μ + σ·ε), log σ clamped as in `sample` (an actor without gSDE).
    public func sampleAction(observation: UnsafeBufferPointer<Float>, epsilon: UnsafeBufferPointer<Float>,
                             into action: UnsafeMutableBufferPointer<Float>) {
        precondition(!usesStateDependentNoise, "SquashedGaussianActor: a gSDE actor explores with StateDependentExploration")
        network.predict(observation, into: UnsafeMutableBufferPointer(start: rawRow, count: network.outputSize))
        for j in 0..<actionSize {
            let logSigma = min(max(rawRow[actionSize + j], Self.logStdBounds.lowerBound), Self.logStdBounds.upperBound)
            action[j] = tanhf(rawRow[j] + expf(logSigma) * epsilon[j])
        }
    }

    /// The mean σ over the last batch sample.
    public var samplingSigma: Double? { meanSigma }
}

extension SquashedGaussianActor: StateDependentPolicy {
    /// μ clipped to ±2 (SB3's `clip_mean`).
    public func stateDependentMean(observation: UnsafeBufferPointer<Float>, into mean: UnsafeMutableBufferPointer<Float>,
                                   features: UnsafeMutableBufferPointer<Float>) {
        network.predict(observation, into: UnsafeMutableBufferPointer(start: rawRow, count: network.outputSize),
                        features: features)
        for j in 0..<actionSize { mean[j] = clippedMean(rawRow[j]) }
    }

    public func squashPerturbedMean(_ values: UnsafeMutableBufferPointer<Float>) {
        for j in 0..<values.count { values[j] = tanhf(values[j]) }
    }

    public var stateDependentLogStd: Parameter? { usesStateDependentNoise ? logStd : nil }

    public var features: Matrix { network.features }
}

extension SquashedGaussianActor: PerturbablePolicy {
    /// The network's weights and biases (log σ is left alone: it does not move tanh(μ)).
    public var perturbableParameters: [Parameter] { network.parameters.filter { !$0.isNormalization } }

    public func actions(for observations: Matrix) -> Matrix { deterministicActions(for: observations) }

    public func act(observation: UnsafeBufferPointer<Float>, into action: UnsafeMutableBufferPointer<Float>) {
        deterministicAction(observation: observation, into: action)
    }
}
