import SteadyCore

/// The safety filter chain: turns whatever a policy outputs into a command that is safe to send.
///
/// ## Order, and why
///
/// On a new policy target only:
/// 1. `NonFiniteGuard` — a NaN or ±∞ anywhere holds the last safe command, before any filter
///    can ingest it.
/// 2. `PositionLimiter` — the target is clamped into the position limits, so that the filters
///    below only see reachable positions (a 1e30 target would otherwise sit in their state).
///
/// Then every tick, on the current target:
/// 3. `TargetInterpolator` (optional) — linear ramps from a slow policy to the loop rate.
/// 4. `TargetSmoother` (optional) — EMA or Butterworth low-pass; shapes, does not bound.
/// 5. `TemperatureWatch` — derates the velocity limit of hot motors; warn/stop events.
/// 6. `StallDetector` (optional) — reduce/drop-torque events; does not edit the command.
/// 7. `VelocityLimiter` — starts the hard envelope: position limits ∩ previous command ± v·Δt.
/// 8. `MaxStepLimiter` (optional) — narrows the envelope to present ± max step.
/// 9. `GripperEffortCap` (optional) — narrows the gripper's envelope to present ± cap.
/// 10. `AccelerationJerkLimiter` — steers the command onto the target (as it was before step 7)
///     along a jerk-limited trajectory that arrives without overshoot, and clamps it inside the
///     envelope, honouring acceleration, braking-before-position-limits and jerk where the
///     envelope allows.
/// 11. `FinalGuard` — independently re-checks finiteness, position and velocity limits.
///
/// The limits that bound where the command may be (position, velocity, max step, gripper cap)
/// run before the acceleration/jerk limiter and only narrow a shared envelope: had max step and
/// the gripper cap clamped after the limiter, they would silently undo the acceleration and
/// jerk limiting it had just done. Filters run before every limit, so that nothing after the
/// limits can move the command.
///
/// ## Invariants of every command sent (after `reset`)
///
/// Always, whatever the policy outputs and the robot reports (NaN, ±∞, 1e30, positions outside
/// the limits or far from the command):
/// - it is finite;
/// - `lower[j] ≤ p ≤ upper[j]`, exactly;
/// - `|p − p₀| ≤ v_max[j]·Δt` (p₀ the previous sent command, Δt the period), and in fact
///   `≤ v_eff·Δt` with the temperature-derated limit of `VelocityLimiter`.
///
/// ## Conflicts: limits in priority order
///
/// Position > velocity > max step > gripper cap > acceleration > braking > jerk. Each limit is
/// a window on the command; in this order each window narrows what the earlier ones left, and a
/// window that does not meet it is met as nearly as they allow (the command is at their point
/// nearest to it) and `.yielded` is raised. So a limit is violated only when every command that
/// satisfies all higher-priority limits violates it, and then by the least possible amount.
/// Position and velocity never conflict (p₀ satisfies both). Max step yields when the present
/// position is further than the step from every command the position and velocity limits allow
/// (the arm was pushed, lags, or reads outside its limits): the command then walks toward it at
/// the velocity limit instead of jumping, which keeps one bad reading from yanking the arm. With
/// a steady period and an arm that follows its command, acceleration and braking never yield.
///
/// - Important: `apply` is real-time safe: no allocation, no locks, no system calls; all state
///   is preallocated at init. Not thread-safe: one loop thread owns the chain.
public final class SafetyChain {
    /// The configuration the chain was built from (validated).
    public let configuration: SafetyConfiguration
    /// The shared state: history of sent commands, envelope, flags, events.
    public let state: SafetyState
    /// The limits the chain enforces (+∞ where not limited), for trajectories planned within them.
    public let limits: MotionLimits

    private let nonFiniteGuard = NonFiniteGuard()
    private let positionLimiter: PositionLimiter
    private let interpolator: TargetInterpolator?
    private let smoother: TargetSmoother?
    private let temperatureWatch: TemperatureWatch
    private let stallDetector: StallDetector?
    private let velocityLimiter: VelocityLimiter
    private let maxStepLimiter: MaxStepLimiter?
    private let gripperCap: GripperEffortCap?
    private let accelerationJerkLimiter: AccelerationJerkLimiter
    private let finalGuard: FinalGuard

    /// The current target (latest policy target after the guard and position clamp).
    private let goal: JointBuffer<Double>
    /// The command being built this tick.
    private let work: JointBuffer<Double>
    private var isReset = false

    /// Builds the chain; throws `SafetyConfigurationError` naming the joint or option at fault.
    public init(configuration: SafetyConfiguration) throws {
        try configuration.validate()
        self.configuration = configuration
        let c = configuration, count = c.jointCount
        state = SafetyState(jointCount: count)
        limits = MotionLimits(configuration)
        positionLimiter = PositionLimiter(lowerRadians: c.lowerRadians, upperRadians: c.upperRadians)
        interpolator = c.policyPeriodSeconds.map { TargetInterpolator(jointCount: count, policyPeriodSeconds: $0) }
        smoother = c.smoothing == .none ? nil : TargetSmoother(jointCount: count, smoothing: c.smoothing)
        temperatureWatch = TemperatureWatch(thresholds: c.temperature)
        stallDetector = c.stall.map { StallDetector(jointCount: count, thresholds: $0) }
        velocityLimiter = VelocityLimiter(lowerRadians: c.lowerRadians, upperRadians: c.upperRadians,
                                          velocityLimitsRadiansPerSecond: c.velocityLimitsRadiansPerSecond,
                                          accelerationLimitsRadiansPerSecond2: c.accelerationLimitsRadiansPerSecond2)
        maxStepLimiter = c.maxStepRadians.map { MaxStepLimiter(jointCount: count, maxStepRadians: $0) }
        gripperCap = c.gripperCapRadians.flatMap { cap in
            c.isGripper.contains(true) ? GripperEffortCap(isGripper: c.isGripper, capRadians: cap) : nil
        }
        accelerationJerkLimiter = AccelerationJerkLimiter(
            lowerRadians: c.lowerRadians, upperRadians: c.upperRadians,
            velocityLimitsRadiansPerSecond: c.velocityLimitsRadiansPerSecond,
            accelerationLimitsRadiansPerSecond2: c.accelerationLimitsRadiansPerSecond2,
            jerkLimitsRadiansPerSecond3: c.jerkLimitsRadiansPerSecond3)
        finalGuard = FinalGuard(lowerRadians: c.lowerRadians, upperRadians: c.upperRadians,
                                velocityLimitsRadiansPerSecond: c.velocityLimitsRadiansPerSecond)
        goal = JointBuffer(count: count, repeating: 0)
        work = JointBuffer(count: count, repeating: 0)
    }

    /// Builds the chain for `robot` with the default options (`SafetyConfiguration.fromRobot`).
    public convenience init(robot: RobotDescription) throws {
        try self.init(configuration: .fromRobot(robot))
    }


    /// Number of joints.
    public var jointCount: Int { state.jointCount }

    /// The stages in the order they run (for listing and logs; allocates).
    public var stages: [any SafetyStage] {
        let optional: [(any SafetyStage)?] = [
            nonFiniteGuard, positionLimiter, interpolator, smoother, temperatureWatch, stallDetector,
            velocityLimiter, maxStepLimiter, gripperCap, accelerationJerkLimiter, finalGuard,
        ]
        return optional.compactMap { $0 }
    }

    /// The last command sent (radians, one per joint): the command to write to the bus after
    /// `apply`, and what the chain holds on a NaN.
    public var lastSafeCommand: UnsafeBufferPointer<Double> { state.previousCommand.pointer }

    /// The flags raised for `joint` on the last tick.
    public func flags(joint: Int) -> SafetyFlags { state.jointFlags[joint] }

    /// Starts (or restarts) at rest at `startPose`, normally the present positions. Each joint
    /// is clamped into its position limits; the result has `.positionLimit` if any was (the
    /// first commands then lead the arm to the nearest limit — the loop may prefer to refuse to
    /// start). Not real-time.
    @discardableResult
    public func reset(startPose: [Double]) -> SafetyFlags {
        precondition(startPose.count == jointCount, "start pose has \(startPose.count) joints, expected \(jointCount)")
        precondition(startPose.allSatisfy(\.isFinite), "start pose must be finite: \(startPose)")
        var clamped = false
        for joint in 0..<jointCount {
            let limits = SafetyWindow(lower: configuration.lowerRadians[joint], upper: configuration.upperRadians[joint])
            goal[joint] = limits.clamp(startPose[joint])
            clamped = clamped || goal[joint] != startPose[joint]
        }
        let start = goal.pointer
        state.reset(startPose: start)
        for stage in stages { stage.reset(startPose: start, state: state) }
        isReset = true
        return clamped ? .positionLimit : []
    }

    /// Runs one tick: takes the policy's new target (nil if none arrived this tick: the chain
    /// keeps converging on the last one), checks and edits it through every stage, records the
    /// result as sent, and reports what happened. The command to send is `lastSafeCommand`.
    ///
    /// - Important: Real-time: no allocation, no locks, no system calls. Requires a prior
    ///   `reset(startPose:)`, `inputs` for the same joint count, and a positive finite period.
    @discardableResult
    public func apply(policyTarget: UnsafeBufferPointer<Double>?, inputs: SafetyInputs) -> SafetyReport {
        precondition(isReset, "SafetyChain.reset(startPose:) must be called before apply")
        precondition(inputs.jointCount == jointCount, "inputs for \(inputs.jointCount) joints, chain has \(jointCount)")
        precondition(inputs.periodSeconds > 0 && inputs.periodSeconds.isFinite, "period must be positive and finite")
        state.beginTick()
        var flags: SafetyFlags = []
        if let target = policyTarget {
            precondition(target.count == jointCount, "policy target has \(target.count) joints, expected \(jointCount)")
            for joint in 0..<jointCount { goal[joint] = target[joint] }
            flags.formUnion(nonFiniteGuard.apply(goal.mutablePointer, inputs: inputs, state: state))
            flags.formUnion(positionLimiter.apply(goal.mutablePointer, inputs: inputs, state: state))
            state.hasNewTarget = true
        } else {
            state.hasNewTarget = false
        }
        for joint in 0..<jointCount { work[joint] = goal[joint] }
        if let interpolator { flags.formUnion(interpolator.apply(work.mutablePointer, inputs: inputs, state: state)) }
        if let smoother { flags.formUnion(smoother.apply(work.mutablePointer, inputs: inputs, state: state)) }
        flags.formUnion(temperatureWatch.apply(work.mutablePointer, inputs: inputs, state: state))
        if let stallDetector { flags.formUnion(stallDetector.apply(work.mutablePointer, inputs: inputs, state: state)) }
        for joint in 0..<jointCount { state.target[joint] = work[joint] }
        flags.formUnion(velocityLimiter.apply(work.mutablePointer, inputs: inputs, state: state))
        if let maxStepLimiter { flags.formUnion(maxStepLimiter.apply(work.mutablePointer, inputs: inputs, state: state)) }
        if let gripperCap { flags.formUnion(gripperCap.apply(work.mutablePointer, inputs: inputs, state: state)) }
        flags.formUnion(accelerationJerkLimiter.apply(work.mutablePointer, inputs: inputs, state: state))
        flags.formUnion(finalGuard.apply(work.mutablePointer, inputs: inputs, state: state))
        state.commit(work.pointer, periodSeconds: inputs.periodSeconds)
        return SafetyReport(tick: inputs.tick, flags: flags, events: state.events)
    }
}
