import Foundation
import Metrics
import ServoBus
import Safety
import SteadyCore

/// The steps of a run, in the order `run(directory:clock:shouldStop:)` takes them.
extension RobotRuntime {
    /// Opens the command bus and checks every motor against robot.yaml (pings, models) and,
    /// when `options.calibrationFile` is set, against the calibration; then brings the motors'
    /// reply delay to 0, so that the round trip measured next is the one the run will see. No
    /// other write (gains, goals, torque) happens before every check has passed.
    ///
    /// Connecting and switching torque are not timed: they allow slow answers (a loaded machine's
    /// twin, a USB adapter's latency timer) and up to four retries of a lost reply (a bus that
    /// loses one reply in ten still connects; one that loses five in a row is not working) rather
    /// than fail the run before it starts.
    func connect(notices: NoticeLog) throws -> RobotBus {
        let packetBus = PacketBus(transport: transport, protocolKind: robot.protocolKind, retries: max(options.retries, 4),
                                  latencyAllowanceSeconds: 0.02)
        let robotBus = RobotBus(robot: robot, bus: packetBus)
        try robotBus.verifyMotors()
        if let file = options.calibrationFile { try robotBus.verifyCalibration(calibration, file: file) }
        if let line = minimizeReturnDelay(robotBus: robotBus) { notices.add(line) }
        return robotBus
    }

    /// Measures the tick's sync read and refuses a rate the bus cannot hold: replies that come
    /// after their tick's read budget would fail most ticks. The fix goes in the message.
    func checkRoundTrip(_ bus: SerialControlBus, notices: NoticeLog) throws {
        let trip = bus.measureRoundTrip()
        let budget = Double(options.loop.periodNanoseconds) * options.loop.busBudgetFraction
        let rate = options.loop.rateHz
        guard trip.nanoseconds.count >= 5, let median = trip.medianNanoseconds.map({ Double($0) }) else {
            throw RuntimeError.startFailed("\(transport.portName): only \(trip.nanoseconds.count) of \(trip.attempts) sync reads "
                                           + "were answered by every motor within 0.5 s: the bus loses most replies (wiring, power, baud rate?)")
        }
        let ms = { (nanoseconds: Double) in String(format: "%.1f", nanoseconds / 1e6) }
        guard median <= budget else {
            let fastest = Int((options.loop.busBudgetFraction * 1e9 / median).rounded(.down))
            throw RuntimeError.startFailed(
                "\(transport.portName) answers a sync read of \(robot.joints.count) motors in \(ms(median)) ms (median of "
                + "\(trip.nanoseconds.count)), but at \(Double.spell(rate)) Hz the read may take \(ms(budget)) ms (--bus-budget "
                + "\(Double.spell(options.loop.busBudgetFraction)) of the \(ms(Double(options.loop.periodNanoseconds))) ms period): "
                + "replies would come after their tick. Use --rate \(max(fastest, 1)) or lower, or remove the delay: "
                + LatencyTimer.advice(port: transport.portName))
        }
        // A read attempt waits at least as long as the bus was seen to take (the slowest of the
        // measured reads, with a quarter more): on a slow but adequate bus a retry sent before
        // the first reply could arrive would only double the traffic.
        let slowest = Double(trip.nanoseconds.last ?? 0) * 1.25
        bus.attemptTimeoutNanoseconds = max(bus.attemptTimeoutNanoseconds, UInt64(min(slowest, budget)))
        notices.add("bus: sync read round trip \(String(format: "%.2f", median / 1e6)) ms (median of \(trip.nanoseconds.count)), "
                    + "\(Int((100 * median / budget).rounded()))% of the \(ms(budget)) ms read budget")
    }

    /// The safety chain, its position limits narrowed to the calibrated ranges.
    func makeChain(conversions: [JointConversion]) throws -> SafetyChain {
        let limits = conversions.map(\.limitsRadians)
        return try SafetyChain(configuration: safety.intersectingPositionLimits(lower: limits.map(\.lowerBound),
                                                                               upper: limits.map(\.upperBound)))
    }

    /// The tick's bus, its read attempts sized so that they share the bus budget (retries fit in
    /// the period; on a line too slow for the rate, a real bus at 1 kHz, one attempt may take the
    /// whole budget).
    func makeTickBus(notices: NoticeLog) throws -> SerialControlBus {
        let bus = try SerialControlBus(robot: robot, transport: transport, retries: options.retries)
        let period = Double(options.loop.periodNanoseconds)
        let budget = period * options.loop.busBudgetFraction
        let minimumAllowance = options.minimumLatencyAllowanceMicroseconds * 1e3
        let line = Double(bus.readLineNanoseconds)
        var attempt = max(budget / Double(options.retries + 1), minimumAllowance)
        if line + minimumAllowance <= budget { attempt = max(attempt, line + minimumAllowance) }
        bus.attemptTimeoutNanoseconds = UInt64(attempt)
        if Double(bus.lineNanosecondsPerTick) > period {
            notices.add("notice: one tick's bus traffic takes \(Int(Double(bus.lineNanosecondsPerTick) / 1e3)) µs on a real line at \(transport.baudRate) baud, longer than the \(Int(period / 1e3)) µs period: real motors cannot keep this rate")
        }
        return bus
    }

    /// Sets every goal to the present position, then switches torque on: enabling torque moves
    /// nothing.
    func holdStartPose(bus: SerialControlBus, robotBus: RobotBus) throws {
        let start = PresentState(jointCount: robot.joints.count)
        var read = BusOutcome.timeout(joint: 0)
        for _ in 0..<5 where !read.isOK {
            read = bus.readPresent(into: start, deadlineNanoseconds: Monotonic.nanoseconds() + 200_000_000)
        }
        guard read.isOK else { throw RuntimeError.startFailed("reading the start pose: \(read)") }
        guard bus.writeGoals(start.positionTicks.pointer).isOK else {
            throw RuntimeError.startFailed("writing the start goals")
        }
        try robotBus.setTorque(true)
    }

    /// Switches torque off and reads Torque_Enable back from every motor (a sync write has no
    /// reply, so only the read-back confirms that each motor got it); three tries. Returns the
    /// problem in words, nil when every motor is off.
    func switchTorqueOff(_ robotBus: RobotBus) -> String? {
        var lastError = ""
        for _ in 0..<3 {
            do {
                try robotBus.setTorque(false)
                let still = try robot.joints.indices.filter { try robotBus.read(.torqueEnable, joint: $0) != 0 }
                if still.isEmpty { return nil }
                lastError = "torque still on at " + still.map { "\(robot.joints[$0].name) (motor \(robot.joints[$0].id))" }.joined(separator: ", ")
            } catch {
                lastError = "\(error)"
            }
        }
        return "torque off failed: \(lastError)"
    }

    /// Opens the run log on `ring` (its writer thread starts with the loop).
    func makeLogger(in directory: URL, ring: TickRecordRing, loop: ControlLoop) throws -> RunLogger {
        let metadata = RunMetadata(robot: robot.name, jointNames: robot.joints.map(\.name), rateHz: options.loop.rateHz,
                                   policy: policy.name, settings: settings())
        let logger = try RunLogger(directory: directory, ring: ring, metadata: metadata, counters: loop.counters)
        logger.onStatus = onStatus
        logger.onWarning = onWarning
        if let tensorBoardDirectory {
            logger.tensorBoard = RunTensorBoard(writer: try TensorBoardWriter(directory: tensorBoardDirectory),
                                                jointRanges: robot.joints.map { $0.lowerRadians...max($0.lowerRadians, $0.upperRadians) },
                                                rateHz: options.loop.rateHz)
        }
        return logger
    }

    /// Closes the run log and its TensorBoard file when the run ends before its loop started.
    func abandonLog(_ logger: RunLogger?) {
        try? logger?.finish()
        try? logger?.tensorBoard?.writer.close()
    }

    /// Runs the loop on its own thread (real-time settings first) until it finishes, polling
    /// `shouldStop` every 10 ms on the calling thread.
    func runOnLoopThread(_ loop: ControlLoop, notices: NoticeLog, shouldStop: () -> Bool) {
        let finished = DispatchSemaphore(value: 0), configured = DispatchSemaphore(value: 0)
        let setup = options.realTime
        let threadNotices = NoticeLog(nil)
        let thread = Thread {
            for text in setup.apply() { threadNotices.add(text) }
            configured.signal()
            loop.run()
            finished.signal()
        }
        thread.name = "steady-loop"
        thread.stackSize = 1 << 20
        thread.start()
        configured.wait()
        for text in threadNotices.lines { notices.add(text) }
        while finished.wait(timeout: .now() + .milliseconds(10)) == .timedOut {
            if shouldStop() { loop.requestStop() }
        }
    }

    /// Closes the run log and writes `summary.json` from it; a failure goes to `problems`.
    func finishLog(_ logger: RunLogger, in directory: URL, problems: inout [String]) -> MetricsReport? {
        defer { try? logger.tensorBoard?.writer.close() }
        do {
            try logger.finish()
            let log = try RunLog.read(directory)
            let report = MetricsReport(signals: try log.signals(path: logger.url.path).withRanges(from: robot))
            try report.write(to: directory.appendingPathComponent(MetricsReport.fileName))
            logger.tensorBoard?.writeSummary(report, step: logger.ticksLogged)
            try logger.tensorBoard?.writer.close()
            return report
        } catch {
            problems.append("\(error)")
            return nil
        }
    }
}
