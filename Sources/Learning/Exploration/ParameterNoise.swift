import Neural
import SteadyCore

/// Adaptive parameter-space noise (Plappert et al. 2018, "Parameter Space Noise for Exploration").
///
/// Each environment acts with its own perturbed copy π̃ of the policy: every weight and bias
/// (LayerNorm's left alone) plus N(0, σ²), redrawn from the current policy on the
/// `ResampleSchedule`. Every K updates `adapt` perturbs a fresh copy with the current σ,
/// measures d = √mean((π(s) − π̃(s))²) over a replay batch, and sets σ ← σ / 1.01 when d > δ,
/// σ ← σ · 1.01 otherwise, so that the perturbation moves actions by about δ.
///
/// As an `Exploration`, `policyUpdated` counts the learner's updates and adapts every K; an
/// actor elsewhere perturbs its own copy of the policy with the learner's σ (`state`).
public final class ParameterNoise<Policy: PerturbablePolicy>: Exploration {
    /// The current parameter standard deviation σ.
    public private(set) var sigma: Double
    /// The target action distance δ.
    public let targetDistance: Double
    /// The factor σ is divided or multiplied by at each adaptation.
    public let adaptationCoefficient: Double
    /// Updates between adaptations K.
    public let adaptationInterval: Int
    /// Whether σ adapts at all; false keeps the initial σ (the study's "adaptation off").
    public let adaptive: Bool
    /// The distance d measured at the last adaptation (NaN before the first).
    public private(set) var lastDistance = Double.nan
    private let policy: Policy
    private let perturbed: [Policy]
    private let measuring: Policy
    private var schedules: [ResampleSchedule]
    private let unperturbedActions: Matrix
    private var updates = 0

    /// Creates the acting copies for `environments` environments.
    public init(policy: Policy, environments: Int, initialSigma: Double, targetDistance: Double,
                interval: Int, maxBatch: Int, actionSize: Int, adaptationInterval: Int = 50,
                adaptationCoefficient: Double = 1.01, adaptive: Bool = true) {
        precondition(environments >= 1 && initialSigma >= 0 && targetDistance > 0 && adaptationInterval >= 1
                     && adaptationCoefficient > 1, "ParameterNoise: invalid settings")
        self.policy = policy
        sigma = initialSigma
        self.targetDistance = targetDistance
        self.adaptationInterval = adaptationInterval
        self.adaptationCoefficient = adaptationCoefficient
        self.adaptive = adaptive
        perturbed = (0..<environments).map { _ in policy.makeReplica() }
        measuring = policy.makeReplica()
        schedules = Array(repeating: ResampleSchedule(interval: interval), count: environments)
        unperturbedActions = Matrix(rows: maxBatch, columns: actionSize)
    }

    /// Marks an episode start in `environment`: its next action uses a fresh perturbation.
    public func episodeStarted(environment: Int) {
        schedules[environment].episodeStarted()
    }

    /// The perturbed policy's action for `environment`, redrawing the perturbation when due.
    /// - Important: Allocates nothing; a redraw costs one Gaussian per parameter.
    public func act(observation: UnsafeBufferPointer<Float>, into action: UnsafeMutableBufferPointer<Float>,
                    environment: Int, generator: inout SeededGenerator) {
        if schedules[environment].step() { perturb(perturbed[environment], generator: &generator) }
        perturbed[environment].act(observation: observation, into: action)
    }

    public func explore(observation: UnsafeBufferPointer<Float>, into action: UnsafeMutableBufferPointer<Float>,
                        environment: Int, generator: inout SeededGenerator) {
        act(observation: observation, into: action, environment: environment, generator: &generator)
    }

    /// Every `adaptationInterval` updates, adapts σ on the update's observations (when `adaptive`).
    public func policyUpdated(on batch: ReplayBatch, actorUpdated: Bool, generator: inout SeededGenerator) {
        updates += 1
        if adaptive && updates % adaptationInterval == 0 { adapt(observations: batch.observations, generator: &generator) }
    }

    public var state: ExplorationState {
        get { ExplorationState(parameterNoiseSigma: sigma) }
        set {
            guard let value = newValue.parameterNoiseSigma else { return }
            precondition(value >= 0 && value.isFinite, "ParameterNoise: invalid σ \(value)")
            sigma = value
        }
    }

    public var noiseScale: Double? { sigma }

    /// Measures the action distance of a fresh perturbation on `observations` and adapts σ.
    /// - Returns: the distance d.
    @discardableResult
    public func adapt(observations: Matrix, generator: inout SeededGenerator) -> Double {
        perturb(measuring, generator: &generator)
        unperturbedActions.copy(from: policy.actions(for: observations))
        let noisy = measuring.actions(for: observations)
        var sum = 0.0
        let p = unperturbedActions.baseAddress, q = noisy.baseAddress
        for i in 0..<noisy.count {
            let d = Double(p[i] - q[i])
            sum += d * d
        }
        let distance = (sum / Double(max(noisy.count, 1))).squareRoot()
        lastDistance = distance
        sigma = distance > targetDistance ? sigma / adaptationCoefficient : sigma * adaptationCoefficient
        return distance
    }

    /// copy ← policy + N(0, σ²) on every weight and bias.
    private func perturb(_ copy: Policy, generator: inout SeededGenerator) {
        copy.copyParameters(from: policy)
        for parameter in copy.perturbableParameters {
            let values = parameter.value.baseAddress
            for i in 0..<parameter.count { values[i] += Float(sigma * generator.gaussian()) }
        }
    }
}
