/// Settings shared by the simulated learning tasks; each task documents its defaults.
public struct TaskOptions: Equatable, Sendable {
    /// Control (policy) rate, Hz. The control period must be a whole number of the model's
    /// physics timesteps (50 Hz with 2 ms physics = 10 substeps; 25 Hz = 20).
    public var controlFrequencyHertz: Double
    /// Steps before an episode is truncated (nil: the task's default).
    public var maxEpisodeSteps: Int?
    /// Coefficient c of the action-rate penalty −c·‖aₜ − aₜ₋₁‖² (normalized actions) added to
    /// every reward; 0 turns it off, nil takes the task's default (reach 1, hand pose 0).
    public var actionRatePenalty: Double?
    /// Success threshold in the task's unit (nil: the task's default, e.g. 0.02 m for reach).
    public var successThreshold: Double?
    /// End the episode (terminated) on success instead of running to the time limit.
    public var terminateOnSuccess: Bool
    /// Half-width of the uniform noise on the initial joint positions around the home pose, rad.
    public var initialJointNoiseRadians: Double
    /// Keep MuJoCo's contact detection on in the task's model copy. Off by default: the
    /// targets are sampled contact-free, the arms' geoms do not collide with each other, and
    /// collision detection would be a large share of every physics step.
    public var contactsEnabled: Bool

    /// Creates options; the defaults are what the registry's tasks use.
    public init(controlFrequencyHertz: Double = 50, maxEpisodeSteps: Int? = nil, actionRatePenalty: Double? = nil,
                successThreshold: Double? = nil, terminateOnSuccess: Bool = false, initialJointNoiseRadians: Double = 0.05,
                contactsEnabled: Bool = false) {
        self.controlFrequencyHertz = controlFrequencyHertz
        self.maxEpisodeSteps = maxEpisodeSteps
        self.actionRatePenalty = actionRatePenalty
        self.successThreshold = successThreshold
        self.terminateOnSuccess = terminateOnSuccess
        self.initialJointNoiseRadians = initialJointNoiseRadians
        self.contactsEnabled = contactsEnabled
    }

    /// Checks the values that do not depend on a model.
    /// - Throws: `TaskError.invalidOption` naming the option.
    public func validate() throws {
        guard controlFrequencyHertz.isFinite && controlFrequencyHertz > 0 else {
            throw TaskError.invalidOption(name: "control frequency", reason: "must be a positive number of Hz, got \(controlFrequencyHertz)")
        }
        if let maxEpisodeSteps, maxEpisodeSteps < 1 {
            throw TaskError.invalidOption(name: "max episode steps", reason: "must be at least 1, got \(maxEpisodeSteps)")
        }
        if let actionRatePenalty, !(actionRatePenalty.isFinite && actionRatePenalty >= 0) {
            throw TaskError.invalidOption(name: "action-rate penalty", reason: "must be 0 or positive, got \(actionRatePenalty)")
        }
        if let successThreshold, !(successThreshold.isFinite && successThreshold > 0) {
            throw TaskError.invalidOption(name: "success threshold", reason: "must be positive, got \(successThreshold)")
        }
        guard initialJointNoiseRadians.isFinite && initialJointNoiseRadians >= 0 else {
            throw TaskError.invalidOption(name: "initial joint noise", reason: "must be 0 or positive, got \(initialJointNoiseRadians)")
        }
    }

    /// The number of physics steps per control step for a model with `timestepSeconds`.
    /// - Throws: `TaskError.invalidOption` when the control period is not a whole number of steps.
    public func substeps(timestepSeconds: Double) throws -> Int {
        let ratio = 1 / (controlFrequencyHertz * timestepSeconds)
        let whole = ratio.rounded()
        guard whole >= 1, abs(ratio - whole) < 1e-6 * whole else {
            throw TaskError.invalidOption(
                name: "control frequency",
                reason: "\(controlFrequencyHertz) Hz is not a whole number of \(timestepSeconds * 1000) ms physics steps "
                    + "(period / timestep = \(ratio))")
        }
        return Int(whole)
    }
}
