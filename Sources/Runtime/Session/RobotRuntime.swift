import Foundation
import Metrics
import ServoBus
import ServoWire
import SteadyCore
import Safety

/// One run of a policy on a robot, from connection to torque off: the lifecycle around the
/// `ControlLoop`.
///
/// connect → ping every motor and check its model against robot.yaml → write robot.yaml's servo
/// gains where they differ → calibration → read the start pose → goal := present, torque on → soft start → active → stop (request, duration, a
/// fault) → hold → torque off (unless `keepTorque`) → run log closed → `summary.json`.
/// Torque goes off on every exit path once it was switched on, errors included.
public final class RobotRuntime {
    public let robot: RobotDescription
    public let calibration: RobotCalibration
    public let transport: SerialTransport
    public let policy: Policy
    public let safety: SafetyConfiguration
    public let options: RunOptions
    /// The loop of the current or last run (for `requestStop()` from other threads).
    public private(set) var loop: ControlLoop?
    /// Called with each live status (logger thread) and each warning.
    public var onStatus: ((LiveStatus) -> Void)?
    public var onWarning: ((String) -> Void)?
    /// Called with setup notices as they happen (real-time settings, bus budget).
    public var onNotice: ((String) -> Void)?
    /// The directory of the run's TensorBoard event file (nil: none). The file is created once
    /// the motors answered and closed with the run log; it needs a run directory.
    public var tensorBoardDirectory: URL?

    /// Creates a runtime; `safety` is narrowed to the calibrated ranges at run time.
    public init(robot: RobotDescription, calibration: RobotCalibration, transport: SerialTransport, policy: Policy,
                safety: SafetyConfiguration, options: RunOptions) {
        self.robot = robot
        self.calibration = calibration
        self.transport = transport
        self.policy = policy
        self.safety = safety
        self.options = options
    }

    /// Runs until the loop stops; `shouldStop` is polled every 10 ms on the calling thread (a
    /// signal flag) and stops the loop when it returns true.
    ///
    /// Everything that can fail or trap (options, the run directory, connecting, the bus round
    /// trip, the calibration check, the safety chain, the loop and its log) is done before torque
    /// goes on; from then on every path ends with torque off, and a crash (a fatal signal) still
    /// sends torque off through `EmergencyTorqueOff`.
    /// - Parameters:
    ///   - directory: the run directory for `run.mcap` and `summary.json` (nil: no log).
    ///   - clock: the loop's clock (the real one unless testing).
    /// - Throws: configuration and connection errors naming the option, file or motor; once the
    ///   loop has started, faults end the run and are reported in the result instead.
    public func run(directory: URL?, clock: LoopClock? = nil, shouldStop: @escaping () -> Bool = { false }) throws -> RunResult {
        let notices = NoticeLog(onNotice)
        let (robotBus, bus, loop, logger) = try prepareRun(directory: directory, clock: clock, notices: notices)
        if shouldStop() {
            abandonLog(logger)
            throw RuntimeError.startFailed("stop requested before torque went on; nothing was moved")
        }
        EmergencyTorqueOff.arm(transport: transport, robot: robot)
        var torqueOn = true
        defer {
            if torqueOn && !options.keepTorque { _ = switchTorqueOff(robotBus) }
            EmergencyTorqueOff.disarm()
        }
        do {
            try holdStartPose(bus: bus, robotBus: robotBus)
            try loop.prepare()
        } catch {
            logger?.event("start failed: \(error)", level: "error")
            abandonLog(logger)
            throw error
        }
        logger?.event("start pose " + loop.startPose.map { String(format: "%.3f", $0) }.joined(separator: " ") + " rad")
        logger?.start()
        runOnLoopThread(loop, notices: notices, shouldStop: shouldStop)

        let reason = loop.stopReason ?? .requested
        let description = describe(reason, robotBus: robotBus)
        logger?.event("stop: \(description)", level: reason.isFault ? "error" : "info")
        var problems: [String] = []
        var torqueOff: Bool?
        if !options.keepTorque {
            let problem = switchTorqueOff(robotBus)
            torqueOff = problem == nil
            torqueOn = problem != nil
            problems += problem.map { [$0] } ?? []
            logger?.event(problem == nil ? "torque off on every motor" : "torque off FAILED", level: problem == nil ? "info" : "error")
        }
        let report = logger.flatMap { finishLog($0, in: directory!, problems: &problems) }
        return RunResult(stopReason: reason, stopDescription: description, counters: loop.counters.snapshot,
                         bus: bus.statistics, droppedRecords: loop.ring?.dropped ?? 0, ticksLogged: logger?.ticksLogged ?? 0,
                         torqueOff: torqueOff, shutdownProblems: problems, report: report,
                         elapsedSeconds: Double(loop.endNanoseconds &- loop.startNanoseconds) * 1e-9, notices: notices.lines,
                         maxFailedShare: options.maxFailedShare, tensorBoardFile: logger?.tensorBoard?.writer.url)
    }

    /// Every step before torque on: options checked, the run directory free, the motors
    /// connected and checked, the safety chain, the tick's bus, the loop and its log built.
    private func prepareRun(directory: URL?, clock: LoopClock?, notices: NoticeLog)
        throws -> (RobotBus, SerialControlBus, ControlLoop, RunLogger?) {
        if let problem = options.problem { throw RuntimeError.startFailed(problem) }
        if let directory { try RunDirectory.prepare(directory, overwrite: options.overwriteLog) }
        let robotBus = try connect(notices: notices)
        let conversions = calibration.conversions(for: robot)
        let chain = try makeChain(conversions: conversions)
        let bus = try makeTickBus(notices: notices)
        try checkRoundTrip(bus, notices: notices)
        // Every check has passed: the first write that changes how a motor moves.
        notices.add(try writeGains(robotBus: robotBus))
        let ring = directory == nil ? nil : TickRecordRing(layout: TickRecordLayout(jointCount: robot.joints.count),
                                                           minimumCapacity: Int(options.loop.rateHz * 4))
        let loop = ControlLoop(robot: robot, conversions: conversions, bus: bus, chain: chain, policy: policy,
                               clock: clock ?? MonotonicLoopClock(spinNanoseconds: UInt64(options.spinMicroseconds * 1e3)),
                               configuration: options.loop, ring: ring)
        self.loop = loop
        var logger: RunLogger?
        if let directory, let ring { logger = try makeLogger(in: directory, ring: ring, loop: loop) }
        return (robotBus, bus, loop, logger)
    }

    /// The stop reason in words, with joint names, motor ids and decoded motor errors.
    func describe(_ reason: StopReason, robotBus: RobotBus) -> String {
        func joint(_ index: Int) -> String { "joint \(robot.joints[index].name) (motor \(robot.joints[index].id))" }
        switch reason {
        case .requested, .duration:
            return reason.description
        case let .bus(outcome, failed):
            var text = "bus failure after \(failed) failed tick\(failed == 1 ? "" : "s") in a row: "
            switch outcome {
            case .timeout(let index): text += "\(joint(index)) did not answer"
            case .corrupt(let index): text += "corrupt replies from \(joint(index))"
            case .vanished: text += "\(transport.portName) vanished (adapter unplugged or twin stopped)"
            case .failed(let code): text += "\(transport.portName) failed (\(String(cString: strerror(code))))"
            case .ok: text += "unknown"
            }
            return text
        case let .motorError(index, status):
            var state = RawMotorState()
            state.statusError = status
            if robot.protocolKind == .dynamixel, status & 0x80 != 0 {
                state.hardwareError = (try? robotBus.read(.hardwareErrorStatus, joint: index)) ?? 0
            }
            let names = robotBus.faults(of: state, joint: index)
            return "\(joint(index)) reports \(names.isEmpty ? "status 0x\(String(status, radix: 16))" : names.joined(separator: ", "))"
        case let .temperature(index, celsius):
            return "\(joint(index)) reached \(Int(celsius)) °C, its stop temperature"
        case let .stall(index):
            return "\(joint(index)) stalled too long; its torque was dropped"
        }
    }

    func settings() -> [(String, String)] {
        var pairs: [(String, String)] = [
            ("port", transport.portName),
            ("duration_s", options.loop.durationSeconds.map { "\($0)" } ?? "none"),
            ("soft_start_s", "\(options.loop.softStartSeconds)"),
            ("hold_s", "\(options.loop.holdSeconds)"),
            ("max_failed_ticks", "\(options.loop.failedTicksLimit)"),
            ("smoothing", "\(safety.smoothing)"),
        ]
        if let step = safety.maxStepRadians { pairs.append(("max_step_rad", "\(step)")) }
        if let rate = options.loop.policyRateHz { pairs.append(("policy_rate_hz", "\(rate)")) }
        if let cap = safety.gripperCapRadians { pairs.append(("gripper_cap_rad", "\(cap)")) }
        return pairs
    }
}
