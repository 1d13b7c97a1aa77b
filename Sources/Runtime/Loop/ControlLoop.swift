import Atomics
import Foundation
import ServoBus
import ServoWire
import SteadyCore
import Safety

/// The fixed-rate control loop: each tick reads every motor (one sync read), builds the
/// observation, asks the policy, passes its target through the safety chain, and writes the
/// command (one sync write), then hands the tick's record to the logger without waiting.
///
/// ## Timing
/// Ticks wake at absolute deadlines `start + k·period` of the clock. A tick that wakes a whole
/// period or more late skips the deadlines it missed (counted in `counters.missed`) and runs
/// for the latest one: missed ticks are never made up in a burst. The safety chain is told one
/// period per tick (see `LoopConfiguration.safetyPeriodFollowsClock` for why), so a gap only
/// stretches one step of the command sequence in time.
///
/// ## Phases
/// `prepare()` reads the start pose, resets the chain there and asks the policy for its first
/// command. The soft start then ramps (quintic smoothstep: velocity and acceleration zero at both
/// ends) from the start pose to that command over `softStartSeconds`, lengthened when needed so
/// that the ramp stays inside every joint's velocity, acceleration and jerk limits (the safety
/// chain then passes it untouched); the active phase follows. On a stop (request, duration, a
/// fault) the loop brings every joint to rest along a planned deceleration (within half the
/// acceleration and jerk limits), holds there until `holdSeconds` have passed, and finishes; a
/// bus failure finishes at once, since nothing more can be sent. A stop request (a signal) skips
/// the hold, also when it comes during one: every phase ends within a tick of the request, the
/// deceleration to rest (at most `3 v/a` seconds) excepted. Torque off is the caller's (`RobotRuntime`) last step.
///
/// ## Watchdogs
/// A failed read or write (after the retries the bus budget allows) fails the tick. After a
/// failed read the tick runs on the previous readings (one period stale; the log records the
/// read as failed) so that commands keep their period. `maxFailedTicks` failures in a row, or a
/// port that vanished, stop the loop. A motor error bit stops it naming the joint. A policy call that
/// takes longer than its budget is discarded: the chain holds the previous target.
///
/// - Important: `run()` and everything it calls per tick allocate nothing, take no lock and
///   make no system call besides the bus I/O and the clock's sleep. Only `requestStop()` and
///   `counters` may be used from other threads.
public final class ControlLoop {
    /// Phase of the loop.
    public enum Phase: Int, Sendable {
        case idle, softStart, active, stopping, finished
    }

    public let robot: RobotDescription
    public let configuration: LoopConfiguration
    public let bus: ControlBus
    public let chain: SafetyChain
    public let policy: Policy
    public let clock: LoopClock
    /// Where tick records go (nil: not logged).
    public let ring: TickRecordRing?
    /// Counters for status lines and summaries (any thread).
    public let counters = LoopCounters()
    /// The phase, readable from any thread.
    public var phase: Phase { Phase(rawValue: phaseValue.load(ordering: .relaxed)) ?? .idle }
    /// Why the loop stopped (after `run()` returns).
    public internal(set) var stopReason: StopReason?
    /// The pose read by `prepare()`, radians.
    public private(set) var startPose: [Double] = []
    /// The policy's first command (the soft start's goal), radians, after the position limits.
    public private(set) var firstCommand: [Double] = []
    /// The soft start's length after `prepare()`: the configured one, or longer when the limits
    /// need it.
    public private(set) var softStartSeconds = 0.0
    /// Clock reading when the first tick's period began.
    public private(set) var startNanoseconds: UInt64 = 0
    /// Clock reading when `run()` returned.
    public private(set) var endNanoseconds: UInt64 = 0

    let conversions: [JointConversion]
    /// Per joint: the bus's raw → SI conversion of its present registers.
    let presentConversions: [PresentConversion]
    let periodNanoseconds: UInt64
    let periodSeconds: Double
    let jointCount: Int
    let present: PresentState
    let inputs: SafetyInputs
    /// Present_Current in amperes per joint (NaN where the model has none), for the log.
    let presentCurrentAmps: JointBuffer<Double>
    let observation: JointBuffer<Float>
    let action: JointBuffer<Float>
    let target: JointBuffer<Double>
    /// The ramp from the start pose to the policy's first command.
    let softStart: SoftStart
    /// The deceleration to rest after a stop.
    let plannedStop: PlannedStop
    let goalTicks: JointBuffer<Int>
    let torqueReduced: JointBuffer<Bool>
    /// Per joint: the register and value that lower its torque, nil when the model has none.
    let stallReduction: [(coding: RegisterCoding, value: Int)?]
    let torqueEnable: [RegisterCoding]
    let phaseValue = ManagedAtomic<Int>(Phase.idle.rawValue)
    let stopRequested = ManagedAtomic<Bool>(false)
    let policyBudgetNanoseconds: UInt64
    let busBudgetNanoseconds: UInt64
    let durationTicks: UInt64?
    let holdTicks: Int
    var failedInARow = 0
    var holdTicksLeft = 0
    var policyTickCounter = 0
    var softStartTicksRun: UInt64 = 0
    var lastCommandNanoseconds: UInt64 = 0
    private var begun = false
    private var nextDeadline: UInt64 = 0

    /// Creates a loop. Not real-time: allocates every buffer the ticks will use.
    /// - Parameters:
    ///   - conversions: per-joint tick↔radian conversions from the calibration.
    ///   - chain: a safety chain configured for `robot` (reset by `prepare()`).
    public init(robot: RobotDescription, conversions: [JointConversion], bus: ControlBus, chain: SafetyChain,
                policy: Policy, clock: LoopClock, configuration: LoopConfiguration, ring: TickRecordRing? = nil) {
        precondition(configuration.problem == nil, configuration.problem ?? "")
        let n = robot.joints.count
        precondition(conversions.count == n && bus.jointCount == n && chain.jointCount == n,
                     "robot, conversions, bus and safety chain disagree on the joint count")
        self.robot = robot
        self.configuration = configuration
        self.bus = bus
        self.chain = chain
        self.policy = policy
        self.clock = clock
        self.ring = ring
        self.conversions = conversions
        presentConversions = zip(conversions, robot.joints).map { PresentConversion(conversion: $0, model: $1.model) }
        jointCount = n
        periodNanoseconds = configuration.periodNanoseconds
        periodSeconds = Double(periodNanoseconds) * 1e-9
        present = PresentState(jointCount: n)
        inputs = SafetyInputs(jointCount: n, periodSeconds: periodSeconds)
        observation = JointBuffer(count: 2 * n, repeating: 0)
        presentCurrentAmps = JointBuffer(count: n, repeating: .nan)
        action = JointBuffer(count: n, repeating: 0)
        target = JointBuffer(count: n, repeating: 0)
        goalTicks = JointBuffer(count: n, repeating: 0)
        torqueReduced = JointBuffer(count: n, repeating: false)
        softStart = SoftStart(jointCount: n)
        plannedStop = PlannedStop(jointCount: n, periodSeconds: periodSeconds)
        let tables = robot.joints.map { ControlTable.for($0.model) }
        stallReduction = tables.map { table in
            for name: RegisterName in [.torqueLimit, .goalCurrent, .goalPWM] {
                if let register = table[name] {
                    let full = max(register.initialValue, 1)
                    return (RegisterCoding(register, in: table), Int(Double(full) * configuration.stallTorqueFraction))
                }
            }
            return nil
        }
        torqueEnable = tables.map { RegisterCoding($0[.torqueEnable]!, in: $0) }
        policyBudgetNanoseconds = UInt64(Double(periodNanoseconds) * configuration.policyBudgetFraction)
        busBudgetNanoseconds = UInt64(Double(periodNanoseconds) * configuration.busBudgetFraction)
        durationTicks = configuration.durationSeconds.map { UInt64(($0 * configuration.rateHz).rounded()) }
        holdTicks = max(1, Int((configuration.holdSeconds * configuration.rateHz).rounded()))
    }


    /// Reads the start pose, resets the safety chain and the policy there, and asks the policy
    /// for its first command (the soft start's goal). Not real-time.
    /// - Throws: `RuntimeError.startFailed` when the motors cannot be read or report an error.
    public func prepare() throws {
        var outcome = BusOutcome.timeout(joint: 0)
        for _ in 0..<5 {
            outcome = bus.readPresent(into: present, deadlineNanoseconds: Monotonic.nanoseconds() + 100_000_000)
            if outcome.isOK { break }
        }
        guard outcome.isOK else { throw RuntimeError.startFailed("reading the start pose: \(outcome)") }
        if let joint = (0..<jointCount).first(where: { motorFault(joint: $0) }) {
            throw RuntimeError.motorFault(joint: robot.joints[joint].name, id: robot.joints[joint].id,
                                          statusError: present.statusError[joint])
        }
        fillInputsAndObservation()
        startPose = Array(inputs.presentPositions)
        chain.reset(startPose: startPose)
        policy.reset()
        policy.act(observation: observation.pointer, action: action.mutablePointer)
        softStart.plan(from: chain, toward: action.pointer, minimumSeconds: configuration.softStartSeconds,
                       rateHz: configuration.rateHz)
        firstCommand = Array(softStart.goal)
        softStartSeconds = softStart.seconds
        phaseValue.store(softStart.ticks > 0 ? Phase.softStart.rawValue : Phase.active.rawValue, ordering: .relaxed)
    }

    /// Asks the loop to stop: it holds, then finishes. Safe from any thread (not from a signal
    /// handler: set a flag there and call this from a normal thread).
    public func requestStop() {
        stopRequested.store(true, ordering: .relaxed)
    }

    /// Runs ticks on the calling thread until the loop finishes; returns why it stopped.
    /// Call `prepare()` first.
    ///
    /// - Important: Real-time: see the type's documentation.
    @discardableResult
    public func run() -> StopReason {
        while phase != .finished { step() }
        endNanoseconds = clock.nanoseconds()
        return stopReason ?? .requested
    }

    /// Runs at most `count` ticks (fewer if the loop finishes), then returns; a later call goes
    /// on at the next deadline. For benchmarks and tests that interleave ticks with checks.
    ///
    /// - Important: Real-time: see the type's documentation.
    public func runTicks(_ count: Int) {
        var left = count
        while left > 0 && phase != .finished {
            step()
            left -= 1
        }
        if phase == .finished { endNanoseconds = clock.nanoseconds() }
    }

    /// Sleeps to the next deadline and runs its tick.
    private func step() {
        precondition(phase != .idle, "ControlLoop.prepare() must succeed before running ticks")
        if !begun {
            begun = true
            startNanoseconds = clock.nanoseconds()
            lastCommandNanoseconds = startNanoseconds
            nextDeadline = startNanoseconds + periodNanoseconds
        }
        clock.sleep(untilNanoseconds: nextDeadline)
        let wake = clock.nanoseconds()
        var missed: UInt64 = 0
        if wake >= nextDeadline + periodNanoseconds {
            missed = (wake - nextDeadline) / periodNanoseconds
            nextDeadline += missed * periodNanoseconds
            counters.missed.wrappingIncrement(by: Int(missed), ordering: .relaxed)
        }
        tick(deadline: nextDeadline, wake: wake, missed: missed)
        nextDeadline += periodNanoseconds
    }
}

/// Errors that keep a run from starting or end it, each naming what failed.
public enum RuntimeError: Error, Equatable, CustomStringConvertible {
    /// The loop could not start.
    case startFailed(String)
    /// A motor reports an error.
    case motorFault(joint: String, id: ServoID, statusError: UInt8)

    public var description: String {
        switch self {
        case .startFailed(let detail): return "cannot start the control loop: \(detail)"
        case let .motorFault(joint, id, status):
            return "motor \(id) (\(joint)) reports an error (status 0x\(String(status, radix: 16)))"
        }
    }
}
