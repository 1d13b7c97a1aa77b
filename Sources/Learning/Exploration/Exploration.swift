import SteadyCore

/// How a policy explores while it learns: the one interface that `OffPolicyTrainer` calls and
/// that a policy hosted elsewhere (a runtime on a robot, a simulated actor) calls with only its
/// actor network. Stable-Baselines3 keeps action noise (`common/noise.py`) and gSDE
/// (`common/distributions.py`) apart from the algorithms in the same way.
///
/// Made by the actor it explores with (`SquashedGaussianActor.makeExploration`,
/// `DeterministicActor.makeExploration`) from `ExplorationSettings`. Every kind works in the
/// normalized [−1, 1] action space and writes actions clipped to it; the environment or the
/// runtime unscales them. Each environment index has its own noise, drawn afresh at its episode
/// start and then every `ExplorationSettings.noiseInterval` calls (−1: once per episode).
/// Randomness comes from the caller's generator, so one seed fixes a run.
///
/// `explore` and `episodeStarted` are the acting side. `policyUpdated` is the learner's side,
/// called after every gradient update: parameter noise adapts its σ, TD3/DDPG's gSDE rescales
/// its σ to the features, SAC's gSDE takes the σ it learned. An actor elsewhere explores as the
/// learner's exploration does once it has the policy's weights and the learner's `state`.
public protocol Exploration: AnyObject {
    /// Writes the exploratory action for `environment`'s observation, clipped to [−1, 1].
    /// - Important: Allocates nothing.
    func explore(observation: UnsafeBufferPointer<Float>, into action: UnsafeMutableBufferPointer<Float>,
                 environment: Int, generator: inout SeededGenerator)

    /// Marks an episode start in `environment`: its noise restarts and is drawn at its next call.
    func episodeStarted(environment: Int)

    /// The learner's side, after each gradient update of the policy on `batch`.
    /// - Parameter actorUpdated: whether that update stepped the actor (TD3 delays it).
    func policyUpdated(on batch: ReplayBatch, actorUpdated: Bool, generator: inout SeededGenerator)

    /// The σ values the learner adapts or learns, as plain values; setting it makes this
    /// exploration act with them.
    var state: ExplorationState { get set }

    /// The exploration's scale σ, for progress logs; nil while none is known.
    var noiseScale: Double? { get }
}
