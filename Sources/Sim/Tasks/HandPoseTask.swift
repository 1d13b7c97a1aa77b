import MuJoCo
import SteadyCore

/// Bring a dexterous hand into a random target pose: `leap_hand:pose` and the sparse
/// goal-conditioned `leap_hand:pose-sparse`.
///
/// **Targets** q* are joint configurations drawn uniformly inside the joint limits, rejected
/// while any two links of the hand would touch (on the nominal model, contacts on), so every
/// target is a pose the hand can hold.
///
/// **Actions** (n = 16) are joint position targets, normalized to each joint's limits.
///
/// **Observation** (4n + 12 values, see `layout`):
///
///     [0, n)          joint_position      rad      achieved goal (noisy when randomized)
///     [n, 2n)         joint_velocity      rad/s
///     [2n, 3n)        previous_action     [-1, 1]
///     [3n, 3n+12)     fingertip_position  m        index, middle, ring, thumb tips (x, y, z)
///     [3n+12, 4n+12)  desired_goal        rad      target joint positions q*
///
/// **Reward**, with e = q − q* on the true joint positions and c the action-rate coefficient:
/// dense r = −‖e‖₂ − c·‖aₜ − aₜ₋₁‖²; sparse r = (success ? 0 : −1) − c·‖aₜ − aₜ₋₁‖². Success
/// (`info["is_success"]`) is every joint within 0.05 rad of its target (max |eᵢ| < threshold).
/// Episodes are truncated after 100 steps. `info` also holds `pose_error` (‖e‖₂, rad),
/// `max_joint_error` (rad) and `action_rate_penalty`.
public final class HandPoseTask: TaskEnvironment, GoalConditionedTask {
    /// Default episode length, control steps.
    public static let defaultMaxEpisodeSteps = 100
    /// Default success threshold on the largest joint error, rad.
    public static let defaultSuccessThresholdRadians = 0.05
    /// The fingertip sites, in observation order.
    public static let fingertipSites = ["index_tip", "middle_tip", "ring_tip", "thumb_tip"]

    // Environment, TaskEnvironment and GoalConditionedTask requirements (documented on the protocols).
    public let name: String
    public let simulation: TaskSimulation
    public let layout: TaskObservationLayout
    public let observationSpace: BoxSpace
    public let actionSpace: BoxSpace
    public let rawActionSpace: BoxSpace
    public var controlPeriodSeconds: Double { simulation.controlPeriodSeconds }
    public let maxEpisodeSteps: Int
    /// Whether the reward is sparse (0 on success, −1 otherwise).
    public let isSparse: Bool
    /// Success threshold on the largest joint error, rad.
    public let successThresholdRadians: Double
    /// Coefficient of the action-rate penalty.
    public let actionRatePenalty: Double
    /// Whether success ends the episode (terminated) before the time limit.
    public let terminateOnSuccess: Bool
    public let achievedGoalRange: Range<Int>
    public let desiredGoalRange: Range<Int>

    /// This episode's target pose, rad.
    public private(set) var targetJointPositions: [Double]
    /// Steps taken in this episode.
    public var elapsedSteps: Int { episode.elapsedSteps }

    private let sampler: TaskPoseSampler
    private var episode: TaskEpisode

    /// Creates the task for a hand with the four fingertip sites.
    ///
    /// The hand starts open (all joints 0) until the first `reset`; `seed` seeds targets,
    /// randomization and noise, so the first `reset(seed: nil)` equals `reset(seed: seed)`.
    /// - Throws: `TaskError` and `RandomizationPlan` errors (see `TaskSimulation.init`).
    public init(name: String, robot: RobotDescription, model: SimModel, randomization: RandomizationConfiguration = .none,
                sparse: Bool = false, options: TaskOptions = TaskOptions(), seed: UInt64 = 0) throws {
        simulation = try TaskSimulation(robot: robot, nominalModel: model, randomization: randomization,
                                        options: options, observedSiteNames: Self.fingertipSites)
        self.name = name
        isSparse = sparse
        maxEpisodeSteps = options.maxEpisodeSteps ?? Self.defaultMaxEpisodeSteps
        successThresholdRadians = options.successThreshold ?? Self.defaultSuccessThresholdRadians
        actionRatePenalty = options.actionRatePenalty ?? 0
        terminateOnSuccess = options.terminateOnSuccess
        let n = simulation.jointCount
        episode = TaskEpisode(jointCount: n, initialNoise: options.initialJointNoiseRadians)
        layout = TaskObservationLayout([("joint_position", n, "rad"), ("joint_velocity", n, "rad/s"),
                                        ("previous_action", n, "normalized"), ("fingertip_position", 12, "m"),
                                        ("desired_goal", n, "rad")])
        achievedGoalRange = layout.range(of: "joint_position")
        desiredGoalRange = layout.range(of: "desired_goal")
        let lower = simulation.lowerLimits.map(Float.init), upper = simulation.upperLimits.map(Float.init)
        observationSpace = BoxSpace(
            lower: lower + Array(repeating: -.infinity, count: n) + Array(repeating: -1, count: n)
                + Array(repeating: -.infinity, count: 12) + lower,
            upper: upper + Array(repeating: .infinity, count: n) + Array(repeating: 1, count: n)
                + Array(repeating: .infinity, count: 12) + upper)
        actionSpace = BoxSpace(dimension: n, lower: -1, upper: 1)
        rawActionSpace = BoxSpace(lower: lower, upper: upper)
        sampler = TaskPoseSampler(simulation: simulation, minimumSiteHeight: nil)
        let home = TaskEpisode.home(of: simulation)
        targetJointPositions = home
        episode.seed(seed, simulation: simulation)
        episode.begin(at: home, randomize: false, simulation: simulation)
    }

    /// Starts an episode: a new target pose, randomized parameters, and the hand at rest near
    /// open (each joint uniform within ±`initialJointNoiseRadians` of 0, inside its limits).
    public func reset(seed: UInt64?) throws -> [Float] {
        if let seed { episode.seed(seed, simulation: simulation) }
        targetJointPositions = sampler.sample(using: &episode.generator).joints
        episode.begin(at: episode.randomStart(of: simulation), randomize: true, simulation: simulation)
        return observation()
    }

    /// Applies a normalized action for one control period (see the type's documentation).
    public func step(_ action: [Float]) throws -> StepResult {
        try simulation.advance(action, environment: name)
        let rate = episode.record(action)
        var squaredError = 0.0, maxError = 0.0
        for i in action.indices {
            let error = simulation.position(ofJoint: i) - targetJointPositions[i]
            squaredError += error * error
            maxError = max(maxError, abs(error))
        }
        let success = maxError < successThresholdRadians
        let penalty = actionRatePenalty * rate
        let goalReward = isSparse ? (success ? 0 : -1) : -squaredError.squareRoot()
        return StepResult(observation: observation(), reward: goalReward - penalty,
                          terminated: terminateOnSuccess && success, truncated: elapsedSteps >= maxEpisodeSteps,
                          info: ["is_success": success ? 1 : 0, "pose_error": squaredError.squareRoot(),
                                 "max_joint_error": maxError, "action_rate_penalty": penalty])
    }

    /// The observation of the current state (fresh noise on every call when randomized).
    public func observation() -> [Float] {
        let n = simulation.jointCount
        return [Float](unsafeUninitializedCapacity: layout.dimension) { buffer, count in
            let base = buffer.baseAddress!
            simulation.writeJointObservation(to: base)
            for i in 0..<n { base[2 * n + i] = episode.previousAction[i] }
            simulation.writeSiteObservation(to: base + 3 * n)
            for i in 0..<n { base[3 * n + 12 + i] = Float(targetJointPositions[i]) }
            count = layout.dimension
        }
    }

    /// −‖achieved − desired‖₂ (dense) or 0/−1 (sparse) for two joint configurations.
    public func computeReward(achieved: [Float], desired: [Float]) -> Double {
        if isSparse { return isSuccess(achieved: achieved, desired: desired) ? 0 : -1 }
        precondition(achieved.count == desired.count, "HandPoseTask: goals must have the same length")
        return -zip(achieved, desired).map { Double($0 - $1) * Double($0 - $1) }.reduce(0, +).squareRoot()
    }

    /// Whether every joint of `achieved` is within the threshold of `desired`.
    public func isSuccess(achieved: [Float], desired: [Float]) -> Bool {
        precondition(achieved.count == desired.count, "HandPoseTask: goals must have the same length")
        return zip(achieved, desired).allSatisfy { abs(Double($0 - $1)) < successThresholdRadians }
    }
}
