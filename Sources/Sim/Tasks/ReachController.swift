import MuJoCo
import SteadyCore

/// The reach task's policy interface, one code path for the simulated task (`ReachTask`) and a
/// runtime on a real arm (`ReachPolicyAdapter`): which joints the policy moves, how an action
/// moves the commanded joint targets, and the observation built from joint readings.
///
/// **Actions** (`actionMode`) are, with a clipped to [−1, 1], either
/// - `.jointDeltas` (m values): bounded joint-position deltas on the commanded target of the
///   *actuated* joints only, `commandedₜ = clip(commandedₜ₋₁ + aₜ · maximumStepRadians, limits)`;
/// - `.endEffectorDeltas` (3 values): a displacement aₜ · `maximumStepMeters` of the *commanded*
///   end effector, turned into deltas of the actuated joints by damped least squares on the
///   Jacobian of the forward kinematics at the commanded targets (see `ReachController+EndEffector`),
///   scaled down so no joint moves more than `maximumStepRadians`, and clipped to the limits.
///
/// The joints that cannot move the end effector — the gripper, and a wrist
/// roll whose axis the `ee` site lies on — are held where the episode started: a policy that
/// moved them would only add wear and exploration noise. Which joints those are is computed
/// from the model (`actuatedJoints(robot:model:)`), not listed by hand.
///
/// **Observation** (2n + m + k + 15 values for n joints of which m are actuated and k actions,
/// see `layout`):
///
///     joint_position    n  rad      the readings
///     joint_velocity    n  rad/s    the readings
///     commanded         m  rad      the targets the actuated joints' servos are told to hold
///     previous_action   k  [-1, 1]  the last action, clipped (0 at the start of an episode)
///     achieved_goal     3  m        end-effector position
///     desired_goal      3  m        target position
///     goal_offset       3  dm       (desired − achieved) · `goalOffsetScale`
///     commanded_ee      3  m        the end effector at the commanded targets (forward kinematics)
///     commanded_offset  3  dm       (desired − commanded_ee) · `goalOffsetScale`
///
/// The offset is the one input a precise reach depends on, and in metres it is small next to
/// everything else (2 cm = 0.02 against joint angles of order 1): in decimetres a freshly
/// initialized network sees a 2 cm error as clearly as a tenth of a radian. The commanded
/// end effector is where the arm comes to rest if the policy stops now: the servos lag their
/// targets and sag under gravity, and without it a policy stopped when the *present* end
/// effector reached the goal and drifted 1–2 cm past it (the lag) at the end of its episodes.
///
/// - Important: `apply` and `writeObservation` allocate nothing; they run in a control tick.
public struct ReachController {
    /// Joints of the arm (n).
    public let jointCount: Int
    /// The joints the policy moves, indices into `robot.yaml`'s joints (m of them).
    public let actuatedJoints: [Int]
    /// The largest change of a commanded target per control step, rad (|a| = 1).
    public let maximumStepRadians: Double
    /// Joint limits from `robot.yaml`, rad.
    public let lowerLimits: [Double], upperLimits: [Double]
    /// The commanded target of every joint, rad (held joints keep their start position).
    public internal(set) var commanded: [Double]
    /// What an action is: joint deltas (m values) or an end-effector displacement (3 values).
    public let actionMode: ReachActionMode
    /// The number of action components: m for joint deltas, 3 for end-effector displacements.
    public var actionCount: Int { previousAction.count }
    /// The largest displacement of the commanded end effector per control step, m (|a| = 1,
    /// `.endEffectorDeltas` only).
    public let maximumStepMeters: Double
    /// The last action, clipped to [−1, 1] (`actionCount` values).
    public internal(set) var previousAction: [Float]
    /// Scratch for the end-effector mode: the Jacobian (3 × m, row-major) and the joint deltas.
    var jacobian: [Double], jointDeltas: [Double]
    /// The observation layout (see the type's documentation).
    public let layout: TaskObservationLayout
    /// Forward kinematics of the commanded targets.
    public let kinematics: ReachKinematics

    /// The factor from metres to the observation's `goal_offset` unit (decimetres).
    public static let goalOffsetScale: Float = 10

    /// The default largest step of a commanded target, rad per control step: 2.5 rad/s at 50 Hz,
    /// about half an STS3215's no-load speed, so a servo can follow its target.
    public static let defaultMaximumStepRadians = 0.05

    /// The default largest end-effector displacement per control step, m: 0.5 m/s at 50 Hz
    /// (Fetch's 5 cm per 25 Hz step is 1.25 m/s on a much larger arm).
    public static let defaultMaximumStepMeters = 0.01

    /// A controller for an arm with `lowerLimits`/`upperLimits` (n joints) moving `actuatedJoints`.
    public init(lowerLimits: [Double], upperLimits: [Double], actuatedJoints: [Int], kinematics: ReachKinematics,
                actionMode: ReachActionMode = .jointDeltas, maximumStepRadians: Double = Self.defaultMaximumStepRadians,
                maximumStepMeters: Double = Self.defaultMaximumStepMeters) {
        precondition(lowerLimits.count == upperLimits.count && !actuatedJoints.isEmpty
                     && actuatedJoints.allSatisfy { lowerLimits.indices.contains($0) },
                     "ReachController: actuated joints must index the limits")
        jointCount = lowerLimits.count
        self.actuatedJoints = actuatedJoints
        self.maximumStepRadians = maximumStepRadians
        self.maximumStepMeters = maximumStepMeters
        self.actionMode = actionMode
        self.kinematics = kinematics
        self.lowerLimits = lowerLimits
        self.upperLimits = upperLimits
        commanded = Array(repeating: 0, count: jointCount)
        let k = actionMode == .jointDeltas ? actuatedJoints.count : 3
        previousAction = Array(repeating: 0, count: k)
        jacobian = Array(repeating: 0, count: 3 * actuatedJoints.count)
        jointDeltas = Array(repeating: 0, count: actuatedJoints.count)
        layout = Self.layout(jointCount: jointCount, actuatedCount: actuatedJoints.count, actionCount: k)
    }

    /// The observation layout for n joints of which m are actuated, with k action components
    /// (m for joint deltas, the default; 3 for end-effector displacements).
    public static func layout(jointCount n: Int, actuatedCount m: Int, actionCount k: Int? = nil) -> TaskObservationLayout {
        TaskObservationLayout([("joint_position", n, "rad"), ("joint_velocity", n, "rad/s"), ("commanded", m, "rad"),
                               ("previous_action", k ?? m, "normalized"), ("achieved_goal", 3, "m"), ("desired_goal", 3, "m"),
                               ("goal_offset", 3, "dm"),
                               ("commanded_ee", 3, "m"), ("commanded_offset", 3, "dm")])
    }

    /// The joints whose motion moves the `ee` site and that are not a gripper: each joint is
    /// turned by 0.3 rad from two poses of the nominal model, and kept if the site moves by
    /// more than 0.1 mm.
    public static func actuatedJoints(robot: RobotDescription, model: SimModel) throws -> [Int] {
        let site = try model.site(named: "ee")
        let data = SimData(model: model)
        let addresses = try robot.joints.map { model.qposAddress(of: try model.joint(named: $0.name)) }
        func sitePosition(_ q: [Double]) -> SIMD3<Double> {
            data.reset()
            for (i, address) in addresses.enumerated() { data.qposPointer[address] = q[i] }
            data.kinematics()
            let p = data.sitePositionPointer + 3 * site.rawValue
            return SIMD3(p[0], p[1], p[2])
        }
        let n = robot.joints.count
        return (0..<n).filter { j in
            guard !robot.joints[j].isGripper else { return false }
            return [0.0, 0.4].contains { base in
                var q = (0..<n).map { min(max(base, robot.joints[$0].lowerRadians), robot.joints[$0].upperRadians) }
                let before = sitePosition(q)
                q[j] = min(max(q[j] + 0.3, robot.joints[j].lowerRadians), robot.joints[j].upperRadians)
                let moved = sitePosition(q) - before
                return (moved * moved).sum().squareRoot() > 1e-4
            }
        }
    }

    /// Starts an episode at `positions` (rad, n values): every commanded target is the present
    /// position (clamped into the limits), the previous action 0.
    public mutating func reset(positions: UnsafeBufferPointer<Float>) {
        precondition(positions.count >= jointCount, "ReachController: need \(jointCount) positions")
        for i in 0..<jointCount {
            let value = Double(positions[i])
            commanded[i] = value.isFinite ? min(max(value, lowerLimits[i]), upperLimits[i]) : 0.5 * (lowerLimits[i] + upperLimits[i])
        }
        for k in previousAction.indices { previousAction[k] = 0 }
    }

    /// Moves the commanded targets by `action` (`actionCount` values, clipped to [−1, 1]; a
    /// non-finite component counts as 0) and returns the action rate ‖aₜ − aₜ₋₁‖² of the clipped actions.
    public mutating func apply(_ action: UnsafeBufferPointer<Float>) -> Double {
        precondition(action.count == actionCount, "ReachController: need \(actionCount) actions")
        var rate = 0.0
        for k in previousAction.indices {
            let clipped = action[k].isFinite ? min(max(action[k], -1), 1) : 0
            let change = Double(clipped - previousAction[k])
            rate += change * change
            previousAction[k] = clipped
        }
        if actionMode == .endEffectorDeltas {
            moveEndEffectorByPreviousAction()
            return rate
        }
        for (k, joint) in actuatedJoints.enumerated() {
            let target = commanded[joint] + Double(previousAction[k]) * maximumStepRadians
            commanded[joint] = min(max(target, lowerLimits[joint]), upperLimits[joint])
        }
        return rate
    }

    /// Writes the observation (see the type's documentation) into `buffer`, from the joint
    /// readings `joints` (n positions, rad, then n velocities, rad/s), the end effector and the goal.
    public func writeObservation(joints: UnsafeBufferPointer<Float>, achieved: SIMD3<Double>, desired: SIMD3<Double>,
                                 into buffer: UnsafeMutablePointer<Float>) {
        let n = jointCount, m = actuatedJoints.count
        for i in 0..<(2 * n) { buffer[i] = joints[i] }
        for (k, joint) in actuatedJoints.enumerated() { buffer[2 * n + k] = Float(commanded[joint]) }
        for k in previousAction.indices { buffer[2 * n + m + k] = previousAction[k] }
        let goals = buffer + 2 * n + m + previousAction.count
        let commandedEndEffector = kinematics.endEffector { commanded[$0] }
        for axis in 0..<3 {
            goals[axis] = Float(achieved[axis])
            goals[3 + axis] = Float(desired[axis])
            goals[9 + axis] = Float(commandedEndEffector[axis])
        }
        Self.writeOffsets(goals: goals)
    }

    /// Writes `goal_offset` and `commanded_offset` from the goals and the commanded end
    /// effector (`goals` points at the achieved goal; hindsight relabelling calls this after
    /// writing a new desired goal).
    static func writeOffsets(goals: UnsafeMutablePointer<Float>) {
        for axis in 0..<3 {
            goals[6 + axis] = (goals[3 + axis] - goals[axis]) * goalOffsetScale
            goals[12 + axis] = (goals[3 + axis] - goals[9 + axis]) * goalOffsetScale
        }
    }
}

/// Forward kinematics of an arm's `ee` site on its nominal MuJoCo model, on scratch data of its
/// own (the task's simulation and the runtime's readings are never touched).
///
/// - Important: `endEffector` allocates nothing (MuJoCo's kinematics does not).
public final class ReachKinematics {
    private let data: SimData
    private let qposAddresses: [Int]
    private let siteIndex: Int

    /// Kinematics of `robot`'s joints, in `robot.yaml` order, on `model`.
    /// - Throws: MuJoCo lookup errors when a joint or the `ee` site is missing.
    public init(robot: RobotDescription, model: SimModel) throws {
        siteIndex = try model.site(named: "ee").rawValue
        qposAddresses = try robot.joints.map { model.qposAddress(of: try model.joint(named: $0.name)) }
        data = SimData(model: model)
    }

    /// The `ee` site's world position with joint i at `position(i)`, m.
    public func endEffector(_ position: (Int) -> Double) -> SIMD3<Double> {
        for (i, address) in qposAddresses.enumerated() { data.qposPointer[address] = position(i) }
        data.kinematics()
        let p = data.sitePositionPointer + 3 * siteIndex
        return SIMD3(p[0], p[1], p[2])
    }
}
