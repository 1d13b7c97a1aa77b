import Foundation
import Neural
import SteadyCore

/// Generalized state-dependent exploration (gSDE, Raffin et al. 2021) as an `Exploration`:
/// action = squash(mean(s) + z(s) · E), with E drawn per environment by `StateDependentNoise`
/// every `noiseInterval` calls (−1: once per episode) from N(0, σ²).
///
/// Where σ comes from is the policy's: SAC learns log σ, so σ = exp(log σ) is taken from the
/// actor after every update. A deterministic actor (TD3/DDPG) has no likelihood to learn it
/// through, so σ is scheduled: σ_E = σ / √mean‖z(s)‖² over the last actor-update batch (at first
/// over the first observation acted on), so that the action noise z(s)·E has a standard deviation
/// of about `settings.sigma` whatever the features' scale.
public final class StateDependentExploration<Policy: StateDependentPolicy>: Exploration {
    /// The policy explored with.
    public let policy: Policy
    /// The action-noise standard deviation a scheduled σ aims at (TD3/DDPG's `sigma`).
    public let targetActionSigma: Double
    private let noise: StateDependentNoise
    /// σ of each entry of E, `features × actions`.
    private let sigma: Matrix
    private var sigmaKnown = false
    private let mean: Matrix, features: Matrix, noiseRow: Matrix

    /// Creates the exploration for `environments` environments; a learned σ is copied from the
    /// policy now.
    public init(policy: Policy, settings: ExplorationSettings, environments: Int) {
        precondition(settings.kind == .gsde, "StateDependentExploration: settings are \(settings.kind.rawValue), not gsde")
        self.policy = policy
        targetActionSigma = settings.sigma
        let h = policy.featureSize, a = policy.actionSize
        noise = StateDependentNoise(featureSize: h, actionSize: a, environments: environments,
                                    interval: settings.noiseInterval)
        sigma = Matrix(rows: h, columns: a)
        mean = Matrix(rows: 1, columns: a)
        features = Matrix(rows: 1, columns: h)
        noiseRow = Matrix(rows: 1, columns: a)
        copyLearnedSigma()
    }

    public func explore(observation: UnsafeBufferPointer<Float>, into action: UnsafeMutableBufferPointer<Float>,
                        environment: Int, generator: inout SeededGenerator) {
        let a = policy.actionSize, h = policy.featureSize
        policy.stateDependentMean(observation: observation, into: mean.buffer, features: features.buffer)
        if !sigmaKnown {
            var squares = 0.0
            for i in 0..<h { squares += Double(features.baseAddress[i] * features.baseAddress[i]) }
            scheduleSigma(squaredFeatureNorm: squares)
        }
        noise.noise(features: UnsafeBufferPointer(features.buffer), sigma: sigma.baseAddress, into: noiseRow.buffer,
                    environment: environment, generator: &generator)
        for j in 0..<a { action[j] = mean.baseAddress[j] + noiseRow.baseAddress[j] }
        policy.squashPerturbedMean(action)
    }

    public func episodeStarted(environment: Int) {
        noise.episodeStarted(environment: environment)
    }

    /// SAC: σ ← exp(log σ) of the updated actor. TD3/DDPG, when the actor was updated:
    /// σ_E ← σ / √mean‖z‖² over the features of that update's batch.
    public func policyUpdated(on batch: ReplayBatch, actorUpdated: Bool, generator: inout SeededGenerator) {
        if policy.stateDependentLogStd != nil {
            copyLearnedSigma()
        } else if actorUpdated {
            let z = policy.features
            scheduleSigma(squaredFeatureNorm: Double(z.sumOfSquares()) / Double(max(z.rows, 1)))
        }
    }

    public var state: ExplorationState {
        get { ExplorationState(stateDependentSigma: sigmaKnown ? sigma.values : nil) }
        set {
            guard let values = newValue.stateDependentSigma else {
                sigmaKnown = false
                return
            }
            precondition(values.count == sigma.count,
                         "StateDependentExploration: σ needs \(sigma.count) values, got \(values.count)")
            sigma.baseAddress.update(from: values, count: values.count)
            sigmaKnown = true
        }
    }

    /// The mean σ of E's entries, nil before a scheduled σ is known.
    public var noiseScale: Double? {
        guard sigmaKnown else { return nil }
        var sum = 0.0
        for i in 0..<sigma.count { sum += Double(sigma.baseAddress[i]) }
        return sum / Double(sigma.count)
    }

    /// The current exploration matrix of `environment` (for tests and logs).
    public func explorationMatrix(environment: Int) -> Matrix { noise.explorationMatrix(environment: environment) }

    private func copyLearnedSigma() {
        guard let logStd = policy.stateDependentLogStd else { return }
        let l = logStd.value.baseAddress, s = sigma.baseAddress
        for i in 0..<sigma.count { s[i] = expf(l[i]) }
        sigmaKnown = true
    }

    private func scheduleSigma(squaredFeatureNorm: Double) {
        sigma.fill(Float(targetActionSigma / max(squaredFeatureNorm, 1e-8).squareRoot()))
        sigmaKnown = true
    }
}
