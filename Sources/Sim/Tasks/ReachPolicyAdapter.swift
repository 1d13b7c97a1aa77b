import MuJoCo
import SteadyCore

/// Runs a policy trained on a `ReachTask` (`so101:reach`, `koch:reach`, …) on the runtime's
/// view of a real arm or its twin: builds the task's observation from the joint readings, asks
/// the trained network, and turns its action into joint targets in radians — through the same
/// `ReachController` and `ReachReward` the simulated task steps with.
///
/// The runtime observes joint positions then velocities (2n values) and expects n joint
/// targets in radians. The adapter:
/// - at the first `act` after `reset`, starts its `ReachController` at the present readings
///   (every commanded target = the present position, previous action 0), as the task starts
///   an episode where the arm rests;
/// - builds the observation with `ReachController.writeObservation`, the end effector (site
///   `ee`) by forward kinematics of the present readings on the robot's MuJoCo model (the task
///   takes it from its simulation), the goal given (fixed) or drawn like the task's targets:
///   a new one for every episode, an episode being what runs between two `reset`s;
/// - applies the network's actions with `ReachController.apply` (bounded deltas on the
///   commanded targets of the moved joints, or an end-effector displacement turned into them;
///   held joints keep their start position) and returns
///   all n commanded targets;
/// - keeps the step's `ReachReward.Outcome` (`lastOutcome`: distance, success, reward with the
///   action-rate term, computed from the readings) for a learning runtime and for reports.
///
/// The task's action noise, delay and backlash belong to its simulation of the servos and have
/// no counterpart here.
///
/// - Important: `act` is real-time safe if the network's is: it writes into buffers allocated
///   at init and runs MuJoCo's kinematics, which allocates nothing.
public final class ReachPolicyAdapter: Policy {
    public let name: String
    /// The desired goal of the present episode, world frame, m.
    public var goal: SIMD3<Double> { goals[goalIndex] }
    /// Whether every episode has the same, given goal (otherwise each draws its own).
    public let hasFixedGoal: Bool
    /// Length of the task observation the network expects (2n + m + k + 15, see `ReachController`).
    public let observationSize: Int
    /// Number of network actions (m moved joints, or 3 for end-effector displacements).
    public var actionSize: Int { controller.actionCount }
    /// The reward and success the task was trained with (default options).
    public let reward: ReachReward
    /// The distance from the end effector to the goal at the last `act`, m (NaN before it).
    public var lastDistanceMeters: Double { lastOutcome?.distanceMeters ?? .nan }
    /// The distance at the first `act` after `reset`, m (NaN before it).
    public private(set) var startDistanceMeters = Double.nan
    /// Reward, success and distance of the readings at the last `act`, with the action rate
    /// of the action before them (nil before the first `act`).
    public private(set) var lastOutcome: ReachReward.Outcome?
    /// The commanded targets, actions and observation of the task (read-only view for tools).
    public private(set) var controller: ReachController

    private let network: Policy
    private let simulation: TaskSimulation
    private let jointCount: Int
    private let taskObservation: UnsafeMutableBufferPointer<Float>
    private let networkAction: UnsafeMutableBufferPointer<Float>
    private var started = false
    private var lastActionRate = 0.0
    /// The goal given, or goals drawn at init for the episodes in turn (drawn up front: `reset`
    /// is called on the tick and must not allocate).
    private let goals: [SIMD3<Double>]
    private var goalIndex = 0

    /// Goals drawn up front; episodes past this many start over from the first.
    public static let drawnGoalCount = 4096

    /// An adapter for `robot` (joints in `robot.yaml` order) with its MuJoCo `model`, around
    /// `network`, which maps the task observation to m normalized actions.
    ///
    /// - Parameters:
    ///   - goal: the desired end-effector position of every episode, m; nil draws one per
    ///     episode as the task draws its episodes' targets when seeded with `seed` (so the first
    ///     is the one `steady train`'s environment with the same seed would have asked for).
    ///   - actionMode: what the network's actions are (the task's: `-ee` tasks displace the end effector).
    ///   - options: the task options the policy was trained with (success threshold, penalty).
    /// - Throws: `TaskError.modelMismatch` when the model lacks a joint, servo or the `ee` site.
    public init(robot: RobotDescription, model: SimModel, network: Policy, goal: SIMD3<Double>?, seed: UInt64 = 0,
                actionMode: ReachActionMode = .jointDeltas, options: TaskOptions = TaskOptions()) throws {
        simulation = try TaskSimulation(robot: robot, nominalModel: model, randomization: .none, options: TaskOptions(),
                                        observedSiteNames: ["ee"])
        self.network = network
        jointCount = robot.joints.count
        controller = try ReachTask.makeController(robot: robot, model: model, actionMode: actionMode)
        reward = ReachReward(isSparse: false, successThresholdMeters: options.successThreshold ?? ReachTask.defaultSuccessThresholdMeters,
                             actionRatePenalty: options.actionRatePenalty ?? ReachReward.defaultActionRatePenalty)
        observationSize = controller.layout.dimension
        hasFixedGoal = goal != nil
        if let goal {
            goals = [goal]
        } else {
            // ReachTask(seed:) forks its episode generator first from a generator of that seed.
            var master = SeededGenerator(seed: seed)
            var episodes = master.fork()
            let sampler = ReachTask.makeSampler(simulation: simulation, actuatedJoints: controller.actuatedJoints)
            goals = (0..<Self.drawnGoalCount).map { _ in sampler.sample(using: &episodes).sites[0] }
        }
        taskObservation = .allocate(capacity: observationSize)
        taskObservation.initialize(repeating: 0)
        networkAction = .allocate(capacity: controller.actionCount)
        networkAction.initialize(repeating: 0)
        name = hasFixedGoal ? "\(network.name) → reach goal (\(Self.format(goals[0])))" : "\(network.name) → reach goals drawn per episode"
    }

    deinit {
        taskObservation.deallocate()
        networkAction.deallocate()
    }

    /// Starts over: the next `act` starts the commanded targets at the present readings. After
    /// an episode that acted, drawn goals move on to the next one.
    ///
    /// - Important: Real-time: no allocation.
    public func reset() {
        if started && !hasFixedGoal { goalIndex = (goalIndex + 1) % goals.count }
        started = false
        startDistanceMeters = .nan
        lastOutcome = nil
        lastActionRate = 0
        network.reset()
    }

    /// Builds the task observation from `observation` (n positions, rad, then n velocities,
    /// rad/s), runs the network, and writes n joint targets (rad) into `action`.
    ///
    /// - Important: Real-time: no allocation, no locks, no system calls (besides the network's).
    public func act(observation: UnsafeBufferPointer<Float>, action: UnsafeMutableBufferPointer<Float>) {
        let n = jointCount
        precondition(observation.count == 2 * n && action.count == n,
                     "ReachPolicyAdapter: expected \(2 * n) observations and \(n) actions")
        writeTaskObservation(from: observation)
        network.act(observation: UnsafeBufferPointer(taskObservation), action: networkAction)
        // A non-finite action counts as 0 (hold); the safety chain guards the targets anyway.
        lastActionRate = controller.apply(UnsafeBufferPointer(networkAction))
        for joint in 0..<n { action[joint] = Float(controller.commanded[joint]) }
    }

    /// The task observation for the runtime observation `observation`, as `act` builds it (for
    /// tests and tools; allocates). Starts the controller at the first call after `reset`, as
    /// `act` does.
    public func taskObservation(for observation: [Float]) -> [Float] {
        precondition(observation.count == 2 * jointCount, "ReachPolicyAdapter: expected \(2 * jointCount) observations")
        observation.withUnsafeBufferPointer { writeTaskObservation(from: $0) }
        return Array(taskObservation)
    }

    /// The end effector of joint positions `positions` (rad) by forward kinematics, m.
    public func endEffector(positions: UnsafeBufferPointer<Float>) -> SIMD3<Double> {
        let data = simulation.data
        for joint in 0..<jointCount { data.qposPointer[simulation.qposAddresses[joint]] = Double(positions[joint]) }
        data.kinematics()
        return simulation.position(ofSite: 0)
    }

    /// Controller start, forward kinematics, outcome, observation.
    private func writeTaskObservation(from observation: UnsafeBufferPointer<Float>) {
        if !started {
            controller.reset(positions: observation)
            started = true
        }
        let endEffector = endEffector(positions: observation)
        let outcome = reward.outcome(achieved: endEffector, desired: goal, actionRate: lastActionRate)
        lastOutcome = outcome
        if startDistanceMeters.isNaN { startDistanceMeters = outcome.distanceMeters }
        controller.writeObservation(joints: observation, achieved: endEffector, desired: goal, into: taskObservation.baseAddress!)
    }

    private static func format(_ point: SIMD3<Double>) -> String {
        (0..<3).map { String(Int((point[$0] * 1000).rounded())) }.joined(separator: ", ") + " mm"
    }
}
