import SteadyCore

/// Action noise held between draws: one `ActionNoise` per environment, redrawn on a
/// `ResampleSchedule`, added to an action and clipped to [−1, 1]. `ActionNoiseExploration`
/// adds it to the policy's own action.
public final class HeldActionNoise {
    private let noises: [any ActionNoise]
    private var schedules: [ResampleSchedule]
    private let held: [UnsafeMutableBufferPointer<Float>]

    /// Creates per-environment noise from `settings` (`gaussian` or `ou`).
    public init(settings: ExplorationSettings, actionSize: Int, environments: Int) {
        precondition(settings.kind == .gaussian || settings.kind == .ou, "HeldActionNoise: not an action noise")
        noises = (0..<environments).map { _ -> any ActionNoise in
            settings.kind == .ou
                ? OrnsteinUhlenbeckActionNoise(dimension: actionSize, sigma: settings.sigma, theta: settings.ouTheta,
                                               dt: settings.ouDt)
                : GaussianActionNoise(dimension: actionSize, sigma: settings.sigma) as any ActionNoise
        }
        schedules = Array(repeating: ResampleSchedule(interval: settings.noiseInterval), count: environments)
        held = (0..<environments).map { _ in
            let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: actionSize)
            buffer.initialize(repeating: 0)
            return buffer
        }
    }

    deinit { for buffer in held { buffer.deallocate() } }

    /// The noise's σ.
    public var sigma: Double { noises[0].sigma }

    /// Resets `environment`'s noise process and redraws at its next step.
    public func episodeStarted(environment: Int) {
        noises[environment].reset()
        schedules[environment].episodeStarted()
    }

    /// action ← clip(action + noise, −1, 1), drawing new noise when due. Allocates nothing.
    public func perturb(_ action: UnsafeMutableBufferPointer<Float>, environment: Int,
                        generator: inout SeededGenerator) {
        let noise = held[environment]
        if schedules[environment].step() { noises[environment].sample(into: noise, generator: &generator) }
        for j in 0..<action.count { action[j] = min(max(action[j] + noise[j], -1), 1) }
    }
}
