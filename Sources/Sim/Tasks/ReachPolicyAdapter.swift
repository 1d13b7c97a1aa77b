import MuJoCo
import SteadyCore

/// Runs a policy trained on a `ReachTask` (`so101:reach`, `koch:reach`, …) on the runtime's
/// view of a real arm or its twin: builds the task's observation from the joint readings, asks
/// the trained network, and turns its normalized action into joint targets in radians.
///
/// The runtime observes joint positions then velocities (2n values) and expects joint targets
/// in radians. The task observes, in `ReachTask.observationLayout` order:
/// - joint positions and velocities: the runtime's readings as they are;
/// - the previous action: the last action the network returned, clipped to [−1, 1]; after
///   `reset`, the present pose as a normalized action (the task's hold pose at reset);
/// - the achieved goal: the end effector (site `ee`) by forward kinematics of the present
///   joint positions on the robot's MuJoCo model (the task takes it from its simulation);
/// - the desired goal: a fixed `goal`, given or drawn like the task's own targets.
///
/// Actions are mapped exactly as `TaskSimulation.advance` does it: clipped to [−1, 1], then
/// −1 and 1 are each joint's limits in `robot.yaml`. The task's action noise, delay and
/// backlash belong to its simulation of the servos and have no counterpart here.
///
/// - Important: `act` is real-time safe if the network's is: it writes into buffers allocated
///   at init and runs MuJoCo's kinematics, which allocates nothing.
public final class ReachPolicyAdapter: Policy {
    public let name: String
    /// The desired goal, world frame, m.
    public let goal: SIMD3<Double>
    /// Length of the task observation the network expects (3n + 6).
    public let observationSize: Int
    /// The distance from the end effector to the goal at the last `act`, m (NaN before it).
    public private(set) var lastDistanceMeters = Double.nan
    /// The distance at the first `act` after `reset`, m (NaN before it).
    public private(set) var startDistanceMeters = Double.nan

    private let network: Policy
    private let simulation: TaskSimulation
    private let jointCount: Int
    private let taskObservation: UnsafeMutableBufferPointer<Float>
    private let normalizedAction: UnsafeMutableBufferPointer<Float>
    private var previousActionIsSet = false

    /// An adapter for `robot` (joints in `robot.yaml` order) with its MuJoCo `model`, around
    /// `network`, which maps the task observation to n normalized actions.
    ///
    /// - Parameters:
    ///   - goal: the desired end-effector position, m; nil draws one as the task draws its
    ///     first episode's target when seeded with `seed` (so `steady train`'s environment with
    ///     the same seed would have asked for the same one).
    /// - Throws: `TaskError.modelMismatch` when the model lacks a joint, servo or the `ee` site.
    public init(robot: RobotDescription, model: SimModel, network: Policy, goal: SIMD3<Double>?, seed: UInt64 = 0) throws {
        simulation = try TaskSimulation(robot: robot, nominalModel: model, randomization: .none, options: TaskOptions(),
                                        observedSiteNames: ["ee"])
        self.network = network
        jointCount = robot.joints.count
        observationSize = ReachTask.observationLayout(jointCount: jointCount).dimension
        if let goal {
            self.goal = goal
        } else {
            // ReachTask(seed:) forks its episode generator first from a generator of that seed.
            var master = SeededGenerator(seed: seed)
            var episodes = master.fork()
            let sampler = TaskPoseSampler(simulation: simulation, minimumSiteHeight: ReachTask.minimumTargetHeightMeters)
            self.goal = sampler.sample(using: &episodes).sites[0]
        }
        taskObservation = .allocate(capacity: observationSize)
        taskObservation.initialize(repeating: 0)
        normalizedAction = .allocate(capacity: jointCount)
        normalizedAction.initialize(repeating: 0)
        name = "\(network.name) → reach goal (\(Self.format(self.goal)))"
    }

    deinit {
        taskObservation.deallocate()
        normalizedAction.deallocate()
    }

    /// Starts over: the next `act` takes the present pose as the previous action.
    public func reset() {
        previousActionIsSet = false
        startDistanceMeters = .nan
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
        network.act(observation: UnsafeBufferPointer(taskObservation), action: normalizedAction)
        for joint in 0..<n {
            let value = normalizedAction[joint]
            // A non-finite action holds the present position; the safety chain sees a NaN anyway.
            let clipped = value.isFinite ? min(max(value, -1), 1) : taskObservation[2 * n + joint]
            taskObservation[2 * n + joint] = clipped
            action[joint] = value.isFinite ? Float(simulation.jointTarget(normalized: Double(clipped), joint: joint)) : .nan
        }
    }

    /// The task observation for the runtime observation `observation`, as `act` builds it (for
    /// tests and tools; allocates). Updates the previous action only at the first call after
    /// `reset`, as `act` does.
    public func taskObservation(for observation: [Float]) -> [Float] {
        precondition(observation.count == 2 * jointCount, "ReachPolicyAdapter: expected \(2 * jointCount) observations")
        observation.withUnsafeBufferPointer { writeTaskObservation(from: $0) }
        return Array(taskObservation)
    }

    /// Joint readings, previous action, end effector by forward kinematics, goal.
    private func writeTaskObservation(from observation: UnsafeBufferPointer<Float>) {
        let n = jointCount
        for index in 0..<(2 * n) { taskObservation[index] = observation[index] }
        if !previousActionIsSet {
            for joint in 0..<n {
                let normalized = simulation.normalizedAction(radians: Double(observation[joint]), joint: joint)
                taskObservation[2 * n + joint] = Float(normalized.isFinite ? min(max(normalized, -1), 1) : 0)
            }
            previousActionIsSet = true
        }
        let data = simulation.data
        for joint in 0..<n { data.qposPointer[simulation.qposAddresses[joint]] = Double(observation[joint]) }
        data.kinematics()
        let endEffector = simulation.position(ofSite: 0)
        let offset = endEffector - goal
        lastDistanceMeters = (offset * offset).sum().squareRoot()
        if startDistanceMeters.isNaN { startDistanceMeters = lastDistanceMeters }
        for axis in 0..<3 {
            taskObservation[3 * n + axis] = Float(endEffector[axis])
            taskObservation[3 * n + 3 + axis] = Float(goal[axis])
        }
    }

    private static func format(_ point: SIMD3<Double>) -> String {
        (0..<3).map { String(Int((point[$0] * 1000).rounded())) }.joined(separator: ", ") + " mm"
    }
}
