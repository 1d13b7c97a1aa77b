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
    /// - Parameters:
    ///   - directory: the run directory for `run.mcap` and `summary.json` (nil: no log).
    ///   - clock: the loop's clock (the real one unless testing).
    /// - Throws: connection and configuration errors naming the motor, file or option; once the
    ///   loop has started, faults end the run and are reported in the result instead.
    public func run(directory: URL?, clock: LoopClock? = nil, shouldStop: @escaping () -> Bool = { false }) throws -> RunResult {
        var notices: [String] = []
        func notice(_ text: String) {
            notices.append(text)
            onNotice?(text)
        }
        // Connecting and switching torque are not timed: allow slow answers (a loaded machine's
        // twin, a USB adapter's latency timer) rather than fail the run before it starts.
        let packetBus = PacketBus(transport: transport, protocolKind: robot.protocolKind, retries: max(options.retries, 2),
                                  latencyAllowanceSeconds: 0.02)
        let robotBus = RobotBus(robot: robot, bus: packetBus)
        try robotBus.verifyMotors()
        notice(try writeGains(robotBus: robotBus))
        let conversions = calibration.conversions(for: robot)
        let limits = conversions.map(\.limitsRadians)
        let chain = try SafetyChain(configuration: safety.intersectingPositionLimits(lower: limits.map(\.lowerBound),
                                                                                     upper: limits.map(\.upperBound)))
        let bus = try SerialControlBus(robot: robot, transport: transport, retries: options.retries)
        // Attempts share the bus budget so that retries fit in the period; on a line too slow
        // for the rate (a real bus at 1 kHz) one attempt may take the whole budget.
        let period = Double(options.loop.periodNanoseconds)
        let budget = period * options.loop.busBudgetFraction
        let minimumAllowance = options.minimumLatencyAllowanceMicroseconds * 1e3
        let line = Double(bus.readLineNanoseconds)
        var attempt = max(budget / Double(options.retries + 1), minimumAllowance)
        if line + minimumAllowance <= budget { attempt = max(attempt, line + minimumAllowance) }
        bus.attemptTimeoutNanoseconds = UInt64(attempt)
        if Double(bus.lineNanosecondsPerTick) > period {
            notice("notice: one tick's bus traffic takes \(Int(Double(bus.lineNanosecondsPerTick) / 1e3)) µs on a real line at \(transport.baudRate) baud, longer than the \(Int(period / 1e3)) µs period: real motors cannot keep this rate")
        }

        // Goal := present before torque on, so that enabling torque moves nothing.
        let start = PresentState(jointCount: robot.joints.count)
        var read = BusOutcome.timeout(joint: 0)
        for _ in 0..<5 where !read.isOK {
            read = bus.readPresent(into: start, deadlineNanoseconds: Monotonic.nanoseconds() + 200_000_000)
        }
        guard read.isOK else { throw RuntimeError.startFailed("reading the start pose: \(read)") }
        let goals = Array(start.positionTicks)
        guard goals.withUnsafeBufferPointer({ bus.writeGoals($0) }).isOK else {
            throw RuntimeError.startFailed("writing the start goals")
        }
        try robotBus.setTorque(true)
        var torqueOn = true
        var problems: [String] = []
        /// Switches torque off and reads Torque_Enable back from every motor: a sync write has
        /// no reply, so only the read-back confirms that each motor got it.
        func torqueOff() -> Bool {
            var lastError = ""
            for _ in 0..<3 {
                do {
                    try robotBus.setTorque(false)
                    let still = try robot.joints.indices.filter { try robotBus.read("Torque_Enable", joint: $0) != 0 }
                    if still.isEmpty { return true }
                    lastError = "torque still on at " + still.map { "\(robot.joints[$0].name) (motor \(robot.joints[$0].id))" }.joined(separator: ", ")
                } catch {
                    lastError = "\(error)"
                }
            }
            problems.append("torque off failed: \(lastError)")
            return false
        }
        defer { if torqueOn && !options.keepTorque { _ = torqueOff() } }

        let loopClock = clock ?? MonotonicLoopClock(spinNanoseconds: UInt64(options.spinMicroseconds * 1e3))
        let layout = TickRecordLayout(jointCount: robot.joints.count)
        let ring = directory == nil ? nil : TickRecordRing(layout: layout, minimumCapacity: Int(options.loop.rateHz * 4))
        let loop = ControlLoop(robot: robot, conversions: conversions, bus: bus, chain: chain, policy: policy,
                               clock: loopClock, configuration: options.loop, ring: ring)
        self.loop = loop
        try loop.prepare()

        var logger: RunLogger?
        if let directory, let ring {
            let metadata = RunMetadata(robot: robot.name, jointNames: robot.joints.map(\.name), rateHz: options.loop.rateHz,
                                       policy: policy.name, settings: settings())
            let created = try RunLogger(directory: directory, ring: ring, metadata: metadata, counters: loop.counters)
            created.onStatus = onStatus
            created.onWarning = onWarning
            created.event("start pose " + loop.startPose.map { String(format: "%.3f", $0) }.joined(separator: " ") + " rad")
            created.start()
            logger = created
        }

        // The loop thread: real-time settings, then ticks until the loop finishes.
        let finished = DispatchSemaphore(value: 0), configured = DispatchSemaphore(value: 0)
        let setup = options.realTime
        final class Notices: @unchecked Sendable { var lines: [String] = [] }
        let threadNotices = Notices()
        let thread = Thread {
            threadNotices.lines = setup.apply()
            configured.signal()
            loop.run()
            finished.signal()
        }
        thread.name = "steady-loop"
        thread.stackSize = 1 << 20
        thread.start()
        configured.wait()
        for text in threadNotices.lines { notice(text) }
        while finished.wait(timeout: .now() + .milliseconds(10)) == .timedOut {
            if shouldStop() { loop.requestStop() }
        }

        let reason = loop.stopReason ?? .requested
        let description = describe(reason, robotBus: robotBus)
        logger?.event("stop: \(description)", level: reason.isFault ? "error" : "info")
        var torqueResult: Bool?
        if !options.keepTorque {
            torqueResult = torqueOff()
            torqueOn = !(torqueResult ?? false)
            logger?.event(torqueResult == true ? "torque off on every motor" : "torque off FAILED", level: torqueResult == true ? "info" : "error")
        }
        var report: MetricsReport?
        if let logger, let directory {
            do {
                try logger.finish()
                let log = try RunLog.read(directory)
                let computed = MetricsReport(signals: try log.signals(path: logger.url.path).withRanges(from: robot))
                try computed.write(to: directory.appendingPathComponent(MetricsReport.fileName))
                report = computed
            } catch {
                problems.append("\(error)")
            }
        }
        return RunResult(stopReason: reason, stopDescription: description, counters: loop.counters.snapshot,
                         bus: bus.statistics, droppedRecords: ring?.dropped ?? 0, ticksLogged: logger?.ticksLogged ?? 0,
                         torqueOff: torqueResult, shutdownProblems: problems, report: report,
                         elapsedSeconds: Double(loop.endNanoseconds &- loop.startNanoseconds) * 1e-9, notices: notices)
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
                state.hardwareError = (try? robotBus.read("Hardware_Error_Status", joint: index)) ?? 0
            }
            let names = robotBus.faults(of: state, joint: index)
            return "\(joint(index)) reports \(names.isEmpty ? "status 0x\(String(status, radix: 16))" : names.joined(separator: ", "))"
        case let .temperature(index, celsius):
            return "\(joint(index)) reached \(Int(celsius)) °C, its stop temperature"
        case let .stall(index):
            return "\(joint(index)) stalled too long; its torque was dropped"
        }
    }

    private func settings() -> [(String, String)] {
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
