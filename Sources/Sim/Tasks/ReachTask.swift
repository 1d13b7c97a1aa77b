import MuJoCo
import SteadyCore

/// Move an arm's end effector (site `ee`) to a random target: `so101:reach`, `koch:reach`, and
/// the sparse goal-conditioned variants `so101:reach-sparse`, `koch:reach-sparse`.
///
/// **Actions** are bounded joint-position deltas on the commanded targets of the joints that
/// move the end effector (shoulder pan and lift, elbow, wrist flex on both arms): each step
/// moves a commanded target by at most `ReachController.maximumStepRadians` (0.05 rad, i.e.
/// 2.5 rad/s at 50 Hz). Wrist roll (the `ee` site lies on its axis) and the gripper are held
/// where the episode started. The `-ee` variants (`so101:reach-ee`, `koch:reach-ee`) act in
/// Cartesian space instead: a displacement of at most 1 cm per step of the commanded end
/// effector, which the controller turns into joint deltas (damped least squares, the same
/// 0.05 rad bound). `ReachController` documents the mapping and the observation; it is the
/// same code `ReachPolicyAdapter` runs on a real arm.
///
/// **Targets** are reachable by construction and away from pathological poses: each episode
/// draws the moved joints uniformly within `goalRangeFraction` (60 %) of each joint's range
/// around its middle, the held joints at home, rejects poses in contact, with the end effector
/// below 5 cm or less than 5 cm ahead of the shoulder-pan axis (behind it the arm folds back
/// over its base, a singular region of the pan joint: `minimumTargetForwardMeters`), and takes
/// the end effector's position there by forward kinematics (`targetJointPositions` keeps the
/// pose, for scripted oracles and tests).
///
/// **Reward** and success: `ReachReward` (dense −10·d − 1 outside 2 cm, sparse 0/−1, minus 1·‖aₜ − aₜ₋₁‖² by
/// default; success d < 0.02 m). Episodes are truncated after 50 steps (1 s at 50 Hz), never
/// terminated unless `terminateOnSuccess` is set; success is judged at the last step.
/// `info` holds `is_success`, `distance` (m) and `action_rate_penalty`.
public final class ReachTask: TaskEnvironment, GoalConditionedTask {
    /// Default episode length, control steps.
    public static let defaultMaxEpisodeSteps = 50
    /// Default success distance, m.
    public static let defaultSuccessThresholdMeters = 0.02
    /// Lowest allowed target height above the floor, m (the task's model has contacts off, so
    /// targets near the floor would teach grazing it).
    public static let minimumTargetHeightMeters = 0.05
    /// How far ahead of the shoulder-pan axis (world x = 0, the arm facing +x at home) a target
    /// must lie, m. Behind that plane the arm folds back over its own base, where the pan joint
    /// is singular (on its axis the pan angle is undefined, and near it a 1 cm change of goal can
    /// need a large swing of the pan); see the README's reach section for what that region cost.
    public static let minimumTargetForwardMeters = 0.05
    /// The fraction of each moved joint's range, around its middle, that targets are drawn from.
    public static let goalRangeFraction = 0.6

    // Environment, TaskEnvironment and GoalConditionedTask requirements (documented on the protocols).
    public let name: String
    public let simulation: TaskSimulation
    public let layout: TaskObservationLayout
    public let observationSpace: BoxSpace
    public let actionSpace: BoxSpace
    public let rawActionSpace: BoxSpace
    public var controlPeriodSeconds: Double { simulation.controlPeriodSeconds }
    public let maxEpisodeSteps: Int
    /// Reward and success (shared with `ReachPolicyAdapter` and hindsight relabelling).
    public let reward: ReachReward
    /// Whether the reward is sparse (0 on success, −1 otherwise).
    public var isSparse: Bool { reward.isSparse }
    /// Success distance, m.
    public var successThresholdMeters: Double { reward.successThresholdMeters }
    /// Coefficient of the action-rate penalty.
    public var actionRatePenalty: Double { reward.actionRatePenalty }
    /// Whether success ends the episode (terminated) before the time limit.
    public let terminateOnSuccess: Bool
    public let achievedGoalRange: Range<Int>
    public let desiredGoalRange: Range<Int>
    /// Where `goal_offset` (desired − achieved) sits in the observation.
    public let goalOffsetRange: Range<Int>

    /// This episode's target, world frame, m.
    public private(set) var targetPosition = SIMD3<Double>(0, 0, 0)
    /// The joint configuration the target was computed from, rad.
    public private(set) var targetJointPositions: [Double]
    /// Steps taken in this episode.
    public var elapsedSteps: Int { episode.elapsedSteps }
    /// Actions to commanded targets, and the observation (the code a real arm's runtime reuses).
    public private(set) var controller: ReachController

    private let sampler: TaskPoseSampler
    private var episode: TaskEpisode
    private var normalizedTargets: [Float]

    /// Creates the task for an arm with an `ee` site.
    ///
    /// The arm starts at its home pose (all joints 0) until the first `reset`; `seed` seeds
    /// the targets, the randomization and the noise, so the first `reset(seed: nil)` equals
    /// `reset(seed: seed)`.
    /// - Throws: `TaskError` and `RandomizationPlan` errors (see `TaskSimulation.init`).
    public init(name: String, robot: RobotDescription, model: SimModel, randomization: RandomizationConfiguration = .none,
                sparse: Bool = false, actionMode: ReachActionMode = .jointDeltas, options: TaskOptions = TaskOptions(),
                seed: UInt64 = 0) throws {
        simulation = try TaskSimulation(robot: robot, nominalModel: model, randomization: randomization,
                                        options: options, observedSiteNames: ["ee"])
        self.name = name
        maxEpisodeSteps = options.maxEpisodeSteps ?? Self.defaultMaxEpisodeSteps
        reward = ReachReward(isSparse: sparse, successThresholdMeters: options.successThreshold ?? Self.defaultSuccessThresholdMeters,
                             actionRatePenalty: options.actionRatePenalty ?? ReachReward.defaultActionRatePenalty)
        terminateOnSuccess = options.terminateOnSuccess
        controller = try Self.makeController(robot: robot, model: model, actionMode: actionMode)
        let n = simulation.jointCount, k = controller.actionCount
        episode = TaskEpisode(jointCount: n, initialNoise: options.initialJointNoiseRadians)
        layout = controller.layout
        achievedGoalRange = layout.range(of: "achieved_goal")
        desiredGoalRange = layout.range(of: "desired_goal")
        goalOffsetRange = layout.range(of: "goal_offset")
        let lower = simulation.lowerLimits.map(Float.init), upper = simulation.upperLimits.map(Float.init)
        let moved = controller.actuatedJoints
        let unbounded = [Float](repeating: .infinity, count: n), goals = [Float](repeating: .infinity, count: 15)
        let unit = [Float](repeating: 1, count: k)
        var observationLower: [Float] = lower + unbounded.map { -$0 }
        observationLower += moved.map { lower[$0] } + unit.map { -$0 } + goals.map { -$0 }
        var observationUpper: [Float] = upper + unbounded
        observationUpper += moved.map { upper[$0] } + unit + goals
        observationSpace = BoxSpace(lower: observationLower, upper: observationUpper)
        actionSpace = BoxSpace(dimension: k, lower: -1, upper: 1)
        let step = Float(actionMode == .jointDeltas ? controller.maximumStepRadians : controller.maximumStepMeters)
        rawActionSpace = BoxSpace(dimension: k, lower: -step, upper: step)
        sampler = Self.makeSampler(simulation: simulation, actuatedJoints: moved)
        targetJointPositions = Array(repeating: 0, count: n)
        normalizedTargets = Array(repeating: 0, count: n)
        episode.seed(seed, simulation: simulation)
        let home = TaskEpisode.home(of: simulation)
        begin(at: home, randomize: false)
        targetPosition = simulation.position(ofSite: 0)
        targetJointPositions = home
    }

    /// The controller of the reach task for `robot` (the joints that move `ee`, 0.05 rad or 1 cm steps).
    public static func makeController(robot: RobotDescription, model: SimModel,
                                      actionMode: ReachActionMode = .jointDeltas) throws -> ReachController {
        ReachController(lowerLimits: robot.joints.map(\.lowerRadians), upperLimits: robot.joints.map(\.upperRadians),
                        actuatedJoints: try ReachController.actuatedJoints(robot: robot, model: model),
                        kinematics: try ReachKinematics(robot: robot, model: model), actionMode: actionMode)
    }

    /// The target sampler: moved joints within `goalRangeFraction` of their range around its
    /// middle, held joints at home (0 clamped into their limits).
    static func makeSampler(simulation: TaskSimulation, actuatedJoints: [Int]) -> TaskPoseSampler {
        let home = TaskEpisode.home(of: simulation)
        var lower = home, upper = home
        for joint in actuatedJoints {
            let middle = 0.5 * (simulation.lowerLimits[joint] + simulation.upperLimits[joint])
            let half = 0.5 * goalRangeFraction * (simulation.upperLimits[joint] - simulation.lowerLimits[joint])
            lower[joint] = middle - half
            upper[joint] = middle + half
        }
        return TaskPoseSampler(simulation: simulation, minimumSiteHeight: minimumTargetHeightMeters,
                               minimumSiteX: minimumTargetForwardMeters, lower: lower, upper: upper)
    }

    /// The observation layout of the task for an arm of `jointCount` joints, `actuatedCount`
    /// of them moved (see `ReachController`); `ReachPolicyAdapter` builds the same observation.
    public static func observationLayout(jointCount n: Int, actuatedCount m: Int) -> TaskObservationLayout {
        ReachController.layout(jointCount: n, actuatedCount: m)
    }

    /// Starts an episode: a new target, randomized parameters, and the arm at rest near home
    /// (each joint uniform within ±`initialJointNoiseRadians` of 0, inside its limits), every
    /// commanded target where its joint starts.
    public func reset(seed: UInt64?) throws -> [Float] {
        if let seed { episode.seed(seed, simulation: simulation) }
        let (joints, sites) = sampler.sample(using: &episode.generator)
        targetJointPositions = joints
        targetPosition = sites[0]
        begin(at: episode.randomStart(of: simulation), randomize: true)
        return observation()
    }

    private func begin(at positions: [Double], randomize: Bool) {
        episode.begin(at: positions, randomize: randomize, simulation: simulation)
        positions.map(Float.init).withUnsafeBufferPointer { controller.reset(positions: $0) }
    }

    /// Applies a normalized action (joint-position deltas of the moved joints, or an
    /// end-effector displacement) for one control
    /// period (see the type's documentation).
    /// - Throws: `SimError.invalidAction` for a non-finite component, before anything moves.
    public func step(_ action: [Float]) throws -> StepResult {
        precondition(action.count == actionSpace.dimension,
                     "ReachTask: action needs \(actionSpace.dimension) components, got \(action.count)")
        for value in action where !value.isFinite { throw SimError.invalidAction(environment: name, action: action) }
        let rate = action.withUnsafeBufferPointer { controller.apply($0) }
        for i in 0..<simulation.jointCount {
            normalizedTargets[i] = Float(simulation.normalizedAction(radians: controller.commanded[i], joint: i))
        }
        try simulation.advance(normalizedTargets, environment: name)
        episode.countStep()
        let outcome = reward.outcome(achieved: simulation.position(ofSite: 0), desired: targetPosition, actionRate: rate)
        return StepResult(observation: observation(), reward: outcome.reward,
                          terminated: terminateOnSuccess && outcome.isSuccess, truncated: elapsedSteps >= maxEpisodeSteps,
                          info: ["is_success": outcome.isSuccess ? 1 : 0, "distance": outcome.distanceMeters,
                                 "action_rate_penalty": outcome.actionRatePenalty])
    }

    /// The observation of the current state (fresh noise on every call when randomized).
    public func observation() -> [Float] {
        let n = simulation.jointCount
        return [Float](unsafeUninitializedCapacity: layout.dimension) { buffer, count in
            let base = buffer.baseAddress!
            simulation.writeJointObservation(to: base)
            // The observed end effector goes where the goals will be, then is read back.
            let goals = base + achievedGoalRange.lowerBound
            simulation.writeSiteObservation(to: goals)
            let achieved = SIMD3<Double>(Double(goals[0]), Double(goals[1]), Double(goals[2]))
            controller.writeObservation(joints: UnsafeBufferPointer(start: base, count: 2 * n), achieved: achieved,
                                        desired: targetPosition, into: base)
            count = layout.dimension
        }
    }

    /// The dense (−10·d, −1 more outside the threshold) or sparse (0/−1) goal term for an achieved and a desired position.
    public func computeReward(achieved: [Float], desired: [Float]) -> Double {
        reward.goalReward(distanceMeters: Self.distance(achieved, desired))
    }

    /// Whether the two positions are closer than the success threshold.
    public func isSuccess(achieved: [Float], desired: [Float]) -> Bool {
        Self.distance(achieved, desired) < successThresholdMeters
    }

    /// Writes `desired` as the observation's desired goal and recomputes `goal_offset` and
    /// `commanded_offset`.
    public func relabel(_ observation: UnsafeMutableBufferPointer<Float>, desired: UnsafeBufferPointer<Float>) {
        let d = desiredGoalRange.lowerBound
        for axis in 0..<3 { observation[d + axis] = desired[axis] }
        ReachController.writeOffsets(goals: observation.baseAddress! + achievedGoalRange.lowerBound)
    }

    private static func distance(_ a: [Float], _ b: [Float]) -> Double {
        precondition(a.count == 3 && b.count == 3, "ReachTask: goals are 3-D positions")
        return ReachReward.distance(SIMD3(Double(a[0]), Double(a[1]), Double(a[2])), SIMD3(Double(b[0]), Double(b[1]), Double(b[2])))
    }
}
