@testable import Learning
import Neural

/// TD3's losses as whole functions of the parameters, for the finite-difference checks.
extension TD3 {
    /// Draws smoothed next actions and fills `target`.
    func computeTarget(smoothingFrom batch: ReplayBatch) {
        targetPolicyActions(batch)
        for k in 0..<criticTarget.networks.count { criticTarget.forward(k) }
        computeTarget(batch)
    }

    /// The critic loss on `batch` against `target`, with gradients.
    func criticLossAndGradients(_ batch: ReplayBatch) -> Float {
        critic.setInput(observations: batch.observations, actions: batch.actions)
        var loss: Float = 0
        for k in 0..<critic.networks.count {
            criticLossAndGradients(k)
            loss += criticLosses[k]
        }
        return loss
    }

    /// μ(s), then the actor loss and its gradients.
    func actorLossAndGradients(_ observations: Matrix) -> Float {
        actorObservations = observations
        actor.forward(observations)
        return actorLossAndGradientsFromForward()
    }
}
