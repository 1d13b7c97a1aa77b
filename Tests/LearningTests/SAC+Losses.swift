@testable import Learning
import Neural

/// SAC's losses as whole functions of the parameters, for the finite-difference checks: each
/// recomputes the forward passes with the noise it is given.
extension SAC {
    /// Samples a′ with `noise`, then fills `target`.
    func computeTarget(_ batch: ReplayBatch, noise: Matrix, entropyCoefficient alpha: Float) {
        actorSampler.copyParameters(from: actor)
        actorSampler.sample(batch.nextObservations, noise: noise)
        criticTarget.setInput(observations: batch.nextObservations, actions: actorSampler.actions)
        criticTarget.forward(0)
        criticTarget.forward(1)
        computeTarget(batch, logProbability: actorSampler.logProbability, entropyCoefficient: alpha)
    }

    /// The critic loss on `batch` against `target`, with gradients.
    func criticLossAndGradients(_ batch: ReplayBatch) -> Float {
        critic.setInput(observations: batch.observations, actions: batch.actions)
        criticLossAndGradients(0)
        criticLossAndGradients(1)
        return criticLosses[0] + criticLosses[1]
    }

    /// Samples a ~ π(·|s) with `noise`, then the actor loss and its gradients.
    func actorLossAndGradients(_ observations: Matrix, noise: Matrix,
                               entropyCoefficient alpha: Float) -> (loss: Float, meanLogProbability: Float) {
        actorObservations = observations
        actor.sample(observations, noise: noise)
        return actorLossAndGradientsFromSample(entropyCoefficient: alpha)
    }
}
