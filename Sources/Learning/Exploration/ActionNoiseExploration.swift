import Neural
import SteadyCore

/// The policy's own action plus action noise, as Stable-Baselines3's off-policy algorithms
/// explore with an `ActionNoise`: a sample of SAC's squashed Gaussian or TD3/DDPG's μ(s), then
/// Gaussian or Ornstein–Uhlenbeck noise (`gaussian`, `ou`), clipped to [−1, 1]. SAC's `policy`
/// kind is the sample alone.
///
/// With the `policy` kind the sample's standard-normal draws are held for `noiseInterval`
/// calls, as the other kinds hold their noise; with action noise it is the noise that is held
/// and the policy samples afresh each call.
public final class ActionNoiseExploration<Policy: StochasticPolicy>: Exploration {
    /// The policy whose action is perturbed.
    public let policy: Policy
    private let noise: HeldActionNoise?
    private var epsilonSchedules: [ResampleSchedule]
    /// Each environment's held standard-normal draws, one row each.
    private let epsilons: Matrix

    /// Creates the exploration for `environments` environments (`settings.kind` is `policy`,
    /// `gaussian` or `ou`).
    public init(policy: Policy, settings: ExplorationSettings, environments: Int) {
        precondition([.policy, .gaussian, .ou].contains(settings.kind),
                     "ActionNoiseExploration: \(settings.kind.rawValue) is not the policy's sampling or an action noise")
        precondition(environments >= 1, "ActionNoiseExploration: need at least one environment")
        self.policy = policy
        noise = settings.kind == .policy
            ? nil : HeldActionNoise(settings: settings, actionSize: policy.actionSize, environments: environments)
        let interval = settings.kind == .policy ? settings.noiseInterval : 1
        epsilonSchedules = Array(repeating: ResampleSchedule(interval: interval), count: environments)
        epsilons = Matrix(rows: environments, columns: max(policy.samplingDimension, 1))
    }

    public func explore(observation: UnsafeBufferPointer<Float>, into action: UnsafeMutableBufferPointer<Float>,
                        environment: Int, generator: inout SeededGenerator) {
        let dimension = policy.samplingDimension
        let epsilon = epsilons.row(environment)
        if epsilonSchedules[environment].step() {
            for j in 0..<dimension { epsilon[j] = Float(generator.gaussian()) }
        }
        policy.sampleAction(observation: observation, epsilon: UnsafeBufferPointer(start: epsilon, count: dimension),
                            into: action)
        noise?.perturb(action, environment: environment, generator: &generator)
    }

    public func episodeStarted(environment: Int) {
        epsilonSchedules[environment].episodeStarted()
        noise?.episodeStarted(environment: environment)
    }

    /// Nothing to adapt: σ is a setting, or an output of the policy's network.
    public func policyUpdated(on batch: ReplayBatch, actorUpdated: Bool, generator: inout SeededGenerator) {}

    /// Always empty: nothing here is learned or adapted.
    public var state: ExplorationState {
        get { ExplorationState() }
        set {}
    }

    /// The action noise's σ, or the policy's own.
    public var noiseScale: Double? { noise?.sigma ?? policy.samplingSigma }
}
