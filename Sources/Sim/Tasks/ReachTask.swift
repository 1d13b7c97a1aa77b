import MuJoCo
import SteadyCore

/// Move an arm's end effector (site `ee`) to a random target: `so101:reach`, `koch:reach`, and
/// the sparse goal-conditioned variants `so101:reach-sparse`, `koch:reach-sparse`.
///
/// **Targets** are reachable by construction: each episode draws a joint configuration q*
/// uniformly inside the joint limits, rejects it if the arm would touch the floor or the
/// end effector would be below 2 cm, and takes the end effector's position there by forward
/// kinematics (`targetJointPositions` keeps q*, for scripted oracles and tests).
///
/// **Actions** (n = number of joints, gripper included) are joint position targets, normalized:
/// −1 and 1 are each joint's limits in `robot.yaml`.
///
/// **Observation** (3n + 6 values, see `layout`):
///
///     [0, n)        joint_position   rad      (noisy when randomized)
///     [n, 2n)       joint_velocity   rad/s    (noisy when randomized)
///     [2n, 3n)      previous_action  [-1, 1]  (the last action, clipped; the hold pose at reset)
///     [3n, 3n+3)    achieved_goal    m        end-effector position (noisy if end_effector noise is set)
///     [3n+3, 3n+6)  desired_goal     m        target position
///
/// **Reward**, with d the true end-effector-to-target distance in metres and c the action-rate
/// coefficient (`TaskOptions.actionRatePenalty`, default 0):
/// dense r = −d − c·‖aₜ − aₜ₋₁‖²; sparse r = (d < threshold ? 0 : −1) − c·‖aₜ − aₜ₋₁‖².
/// Success (`info["is_success"]`) is d < 0.02 m by default. Episodes are truncated after 100
/// steps (2 s at the default 50 Hz) and never terminated unless `terminateOnSuccess` is set.
/// `info` also holds `distance` (m) and `action_rate_penalty`.
public final class ReachTask: TaskEnvironment, GoalConditionedTask {
    /// Default episode length, control steps.
    public static let defaultMaxEpisodeSteps = 100
    /// Default success distance, m.
    public static let defaultSuccessThresholdMeters = 0.02
    /// Lowest allowed target height above the floor, m.
    public static let minimumTargetHeightMeters = 0.02

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
    /// Success distance, m.
    public let successThresholdMeters: Double
    /// Coefficient of the action-rate penalty.
    public let actionRatePenalty: Double
    /// Whether success ends the episode (terminated) before the time limit.
    public let terminateOnSuccess: Bool
    public let achievedGoalRange: Range<Int>
    public let desiredGoalRange: Range<Int>

    /// This episode's target, world frame, m.
    public private(set) var targetPosition = SIMD3<Double>(0, 0, 0)
    /// The joint configuration the target was computed from, rad.
    public private(set) var targetJointPositions: [Double]
    /// Steps taken in this episode.
    public var elapsedSteps: Int { episode.elapsedSteps }

    private let sampler: TaskPoseSampler
    private var episode: TaskEpisode

    /// Creates the task for an arm with an `ee` site.
    ///
    /// The arm starts at its home pose (all joints 0) until the first `reset`; `seed` seeds
    /// the targets, the randomization and the noise, so the first `reset(seed: nil)` equals
    /// `reset(seed: seed)`.
    /// - Throws: `TaskError` and `RandomizationPlan` errors (see `TaskSimulation.init`).
    public init(name: String, robot: RobotDescription, model: SimModel, randomization: RandomizationConfiguration = .none,
                sparse: Bool = false, options: TaskOptions = TaskOptions(), seed: UInt64 = 0) throws {
        simulation = try TaskSimulation(robot: robot, nominalModel: model, randomization: randomization,
                                        options: options, observedSiteNames: ["ee"])
        self.name = name
        isSparse = sparse
        maxEpisodeSteps = options.maxEpisodeSteps ?? Self.defaultMaxEpisodeSteps
        successThresholdMeters = options.successThreshold ?? Self.defaultSuccessThresholdMeters
        actionRatePenalty = options.actionRatePenalty
        terminateOnSuccess = options.terminateOnSuccess
        let n = simulation.jointCount
        episode = TaskEpisode(jointCount: n, initialNoise: options.initialJointNoiseRadians)
        layout = Self.observationLayout(jointCount: n)
        achievedGoalRange = layout.range(of: "achieved_goal")
        desiredGoalRange = layout.range(of: "desired_goal")
        let lower = simulation.lowerLimits.map(Float.init), upper = simulation.upperLimits.map(Float.init)
        observationSpace = BoxSpace(
            lower: lower + Array(repeating: -.infinity, count: n) + Array(repeating: -1, count: n) + Array(repeating: -.infinity, count: 6),
            upper: upper + Array(repeating: .infinity, count: n) + Array(repeating: 1, count: n) + Array(repeating: .infinity, count: 6))
        actionSpace = BoxSpace(dimension: n, lower: -1, upper: 1)
        rawActionSpace = BoxSpace(lower: lower, upper: upper)
        sampler = TaskPoseSampler(simulation: simulation, minimumSiteHeight: Self.minimumTargetHeightMeters)
        targetJointPositions = Array(repeating: 0, count: n)
        episode.seed(seed, simulation: simulation)
        let home = TaskEpisode.home(of: simulation)
        episode.begin(at: home, randomize: false, simulation: simulation)
        targetPosition = simulation.position(ofSite: 0)
        targetJointPositions = home
    }

    /// The observation layout of the task for an arm of `jointCount` joints (see the type's
    /// documentation); `ReachPolicyAdapter` builds the same observation on a real arm.
    public static func observationLayout(jointCount n: Int) -> TaskObservationLayout {
        TaskObservationLayout([("joint_position", n, "rad"), ("joint_velocity", n, "rad/s"),
                               ("previous_action", n, "normalized"), ("achieved_goal", 3, "m"), ("desired_goal", 3, "m")])
    }

    /// Starts an episode: a new target, randomized parameters, and the arm at rest near home
    /// (each joint uniform within ±`initialJointNoiseRadians` of 0, inside its limits).
    public func reset(seed: UInt64?) throws -> [Float] {
        if let seed { episode.seed(seed, simulation: simulation) }
        let (joints, sites) = sampler.sample(using: &episode.generator)
        targetJointPositions = joints
        targetPosition = sites[0]
        episode.begin(at: episode.randomStart(of: simulation), randomize: true, simulation: simulation)
        return observation()
    }

    /// Applies a normalized action for one control period (see the type's documentation).
    public func step(_ action: [Float]) throws -> StepResult {
        try simulation.advance(action, environment: name)
        let rate = episode.record(action)
        let offset = simulation.position(ofSite: 0) - targetPosition
        let distance = (offset * offset).sum().squareRoot()
        let success = distance < successThresholdMeters
        let penalty = actionRatePenalty * rate
        let goalReward = isSparse ? (success ? 0 : -1) : -distance
        return StepResult(observation: observation(), reward: goalReward - penalty,
                          terminated: terminateOnSuccess && success, truncated: elapsedSteps >= maxEpisodeSteps,
                          info: ["is_success": success ? 1 : 0, "distance": distance, "action_rate_penalty": penalty])
    }

    /// The observation of the current state (fresh noise on every call when randomized).
    public func observation() -> [Float] {
        let n = simulation.jointCount
        return [Float](unsafeUninitializedCapacity: layout.dimension) { buffer, count in
            let base = buffer.baseAddress!
            simulation.writeJointObservation(to: base)
            for i in 0..<n { base[2 * n + i] = episode.previousAction[i] }
            simulation.writeSiteObservation(to: base + 3 * n)
            for axis in 0..<3 { base[3 * n + 3 + axis] = Float(targetPosition[axis]) }
            count = layout.dimension
        }
    }

    /// −distance (dense) or 0/−1 (sparse) for an achieved and a desired end-effector position.
    public func computeReward(achieved: [Float], desired: [Float]) -> Double {
        let distance = Self.distance(achieved, desired)
        return isSparse ? (distance < successThresholdMeters ? 0 : -1) : -distance
    }

    /// Whether the two positions are closer than the success threshold.
    public func isSuccess(achieved: [Float], desired: [Float]) -> Bool {
        Self.distance(achieved, desired) < successThresholdMeters
    }

    private static func distance(_ a: [Float], _ b: [Float]) -> Double {
        precondition(a.count == 3 && b.count == 3, "ReachTask: goals are 3-D positions")
        return (0..<3).map { Double(a[$0] - b[$0]) * Double(a[$0] - b[$0]) }.reduce(0, +).squareRoot()
    }
}
