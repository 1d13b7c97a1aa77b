import ArgumentParser
import Foundation
import Metrics
import Runtime
import ServoBus
import SteadyCore
import Safety

/// `steady run`: a policy on a robot (or its twin) through the fixed-rate control loop.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a policy on a robot through the fixed-rate control loop, with the safety chain and a run log.",
        discussion: """
        Connects (pings every motor, checks models against robot.yaml), reads the start pose, \
        ramps softly to the policy's first command, then runs read → policy → safety → write at \
        --rate until --duration, Ctrl-C or a fault. On every exit it holds the last command, then \
        switches torque off (unless --keep-torque).

        Policies: hold (keep the start pose), sine (per-joint sinusoids inside the limits; \
        --amplitude, --frequency), replay:FILE (CSV of joint targets: a header of joint names, \
        optional time column), or a learned checkpoint directory.

        With a reach checkpoint, --episodes N runs the task's scored episodes instead of one \
        reach: each starts at the start pose with the next goal (drawn with --seed as the task \
        draws its episodes' targets, or --goal), lasts the task's 50 policy calls, and is scored \
        with the task's reward and success (2 cm at its last step) from the readings; the arm \
        returns along a planned ramp between episodes. They are printed and written to \
        RUN/episodes.csv, as `--learn` does.

        A checkpoint (a directory with model.safetensors, or a run directory holding policy/) \
        trained with `steady train --env ROBOT:reach` runs on --robot ROBOT: it sees the task's \
        observation (joint positions, velocities, previous action, the end effector by forward \
        kinematics of the robot's MuJoCo model, the goal), its actions map to joint targets as \
        in training, and it is called at the task's control rate (default 50 Hz; --policy-rate \
        overrides) with its targets interpolated to the loop rate. The goal is --goal X,Y,Z \
        (metres, world frame of model.xml) or drawn with --seed as the task draws its targets.

        The run directory (--log, default runs/run-<time>) gets run.mcap (every tick; MCAP with \
        CDR messages that Foxglove reads) and summary.json (smoothness, wear and loop-timing \
        metrics), and tb/ gets TensorBoard curves every 0.5 s: loop rate and lateness, missed \
        ticks, hottest motor, limiter activity, wear/continuity_cost and wear/reversals_per_second \
        of the commands (--tensorboard DIR elsewhere, --no-tensorboard for none). `steady \
        export-csv RUN` writes the CSV that `steady metrics` reads.
        """)

    @OptionGroup var robotOption: RobotOption
    @OptionGroup var portOption: PortOption
    @OptionGroup var calibrationOption: CalibrationOption

    @Option(name: .long, help: "hold, sine, replay:FILE, or a checkpoint directory (not with --learn: see --init-from).")
    var policy: String?

    @Option(name: .long, help: "Loop rate, Hz (1–1000).", transform: RunRanges.rate.parse)
    var rate: Double = 100

    @Option(name: .long, help: "Stop after this many seconds, up to 1000000 (default: run until Ctrl-C).",
            transform: RunRanges.duration.parse)
    var duration: Double?

    @Option(name: .long, help: ArgumentHelp("Run directory for run.mcap and summary.json.", valueName: "DIR"))
    var log: String?

    @Flag(name: .long, help: "Do not write a run log.")
    var noLog = false

    @Option(name: .long, help: "Policy rate, Hz, at most the loop rate (targets are interpolated to the loop rate; default: a checkpoint's training rate, else every tick).",
            transform: RunRanges.policyRate.parse)
    var policyRate: Double?

    @Option(name: .long, help: ArgumentHelp("A reach checkpoint's goal: end-effector position in metres.", valueName: "X,Y,Z"))
    var goal: String?

    @Option(name: .long, help: "Seed of a reach checkpoint's goal when --goal is not given (drawn as the task draws its targets).")
    var seed: UInt64 = 0

    @Option(name: .long, help: "Largest distance between command and present position, rad (0–6.3).",
            transform: SafetyRanges.maxStep.parse)
    var maxStep: Double?

    @Option(name: .long, help: ArgumentHelp("Target smoothing: ema:ALPHA (0<ALPHA≤1) or lowpass:HZ.", valueName: "SPEC"))
    var smoothing: String?

    @Option(name: .long, help: "Gripper effort cap: largest gripper position error, rad (0–6.3).",
            transform: SafetyRanges.gripperCap.parse)
    var gripperCap: Double?

    @Option(name: .long, help: "Motor temperature that warns, °C (0–150).", transform: SafetyRanges.temperature.parse)
    var tempWarn: Double = TemperatureThresholds.standard.warnCelsius

    @Option(name: .long, help: "Motor temperature above which speed is derated, °C (0–150).", transform: SafetyRanges.temperature.parse)
    var tempLimit: Double = TemperatureThresholds.standard.limitCelsius

    @Option(name: .long, help: "Motor temperature that stops the run, °C (0–150).", transform: SafetyRanges.temperature.parse)
    var tempStop: Double = TemperatureThresholds.standard.stopCelsius

    @Flag(name: .long, help: "Turn stall detection off.")
    var noStallDetection = false

    @Option(name: .long, help: "Soft start: seconds to ramp from the present pose to the first command (0–60).",
            transform: RunRanges.softStart.parse)
    var softStart: Double = 2

    @Option(name: .long, help: "Seconds from a stop (duration reached, a fault) to torque off: the planned stop, then holding still (0–60). Ctrl-C or SIGTERM skips the holding.",
            transform: RunRanges.hold.parse)
    var hold: Double = 0.5

    @Flag(name: .long, help: "Leave torque on at the end.")
    var keepTorque = false

    @Option(name: .long, help: "Failed bus ticks in a row that stop the run (default: 3, or 10 ms of ticks if longer).",
            transform: RunRanges.maxFailedTicks.parse)
    var maxFailedTicks: Int?

    @Option(name: .long, help: "A run in which more than this share (0–1) of the ticks failed ends with a non-zero status.",
            transform: RunRanges.maxFailedShare.parse)
    var maxFailedShare = RunOptions.defaultMaxFailedShare

    @Option(name: .long, help: "Bus retries per tick after a timeout or corrupt reply (0–10).", transform: RunRanges.retries.parse)
    var retries = 2

    @Option(name: .long, help: "Share of the period (0–1) the sync read and its retries may use (the rest is for the write).",
            transform: RunRanges.busBudget.parse)
    var busBudget = 0.8

    @Option(name: .long, help: "Policy time budget per call as a fraction (0–1) of the period (over it: hold).",
            transform: RunRanges.policyBudget.parse)
    var policyBudget = 0.5

    @Option(name: .long, help: "Sine amplitude as a fraction (0–1) of each joint's half range.", transform: RunRanges.sineAmplitude.parse)
    var amplitude = 0.3

    @Option(name: .long, help: "Sine frequency, Hz (up to 50, and below half the policy rate).", transform: RunRanges.sineFrequency.parse)
    var frequency = 0.5

    @Flag(name: .long, help: "No real-time scheduling, memory locking or CPU pinning.")
    var noRealtime = false

    @Option(name: .long, help: "CPU to pin the loop thread to (default: the last CPU).", transform: RunRanges.cpu.parse)
    var cpu: Int?

    @Option(name: .long, help: "Busy-wait for the last µs before each deadline (0: sleep only; less than the period).",
            transform: RunRanges.spin.parse)
    var spinUs: Double = 0

    @Flag(name: .long, help: "Replace a run already in the --log directory (its run.mcap, summary.json and commands.csv).")
    var overwrite = false

    @Flag(name: .long, help: "No live status line.")
    var quiet = false

    @OptionGroup var tensorBoardOption: TensorBoardOption
    @OptionGroup(title: "Learning") var learnOptions: LearnOptions
    @OptionGroup(title: "Exploration (with --learn)") var explorationOptions: ExplorationOptions

    /// Each option was checked against its range as it was parsed; what is left are the options
    /// that constrain each other.
    func validate() throws {
        if learnOptions.isLearning {
            if policy != nil { throw ValidationError("--policy and --learn exclude each other: --learn acts with its own network (--init-from CHECKPOINT starts it from one)") }
            try explorationOptions.check(for: learnOptions.learn!, allowsSACParameterNoise: true)
        } else if policy == nil {
            throw ValidationError("Missing expected argument '--policy <policy>' (or --learn sac|td3|ddpg)")
        } else if learnOptions.episodes != nil && !PolicySpec(policy!).isCheckpoint {
            throw ValidationError("--episodes runs the reach task's episodes: it needs --learn or a reach checkpoint as --policy, not '\(policy!)'")
        }
        if let policyRate, policyRate > rate {
            throw ValidationError("--policy-rate \(Double.spell(policyRate)) Hz must not exceed --rate \(Double.spell(rate)) Hz")
        }
        if spinUs * 1e3 >= Double(loopConfiguration.periodNanoseconds) {
            throw ValidationError("--spin-us \(Double.spell(spinUs)) must be shorter than the period (\(Double.spell(1e6 / rate)) µs at --rate \(Double.spell(rate)))")
        }
        let callRate = policyRate ?? rate
        if policy == "sine", frequency >= callRate / 2 {
            throw ValidationError("--frequency \(Double.spell(frequency)) Hz must be below half the policy's call rate (\(Double.spell(callRate)) Hz)")
        }
        if let problem = TemperatureThresholds(warnCelsius: tempWarn, limitCelsius: tempLimit, stopCelsius: tempStop).problem {
            throw ValidationError("--temp-warn/--temp-limit/--temp-stop: \(problem)")
        }
        if let problem = runOptions(loop: loopConfiguration).problem { throw ValidationError(problem) }
        _ = try parsedSmoothing()
        _ = try parsedGoal()
        if noLog && tensorBoardOption.directory != nil {
            throw ValidationError("--tensorboard needs the run log: drop --no-log")
        }
    }

    func run() throws {
        let robot = try robotOption.load()
        let calibration = try calibrationOption.load(for: robot)
        if learnOptions.isLearning { return try runLearning(robot: robot, calibration: calibration) }
        if let episodes = learnOptions.episodes { return try runEpisodes(episodes, robot: robot, calibration: calibration) }
        // A built-in policy's clock counts calls, which come every whole number of ticks.
        let callsPerSecond = rate / Double(loopConfiguration.ticksPerPolicyCall)
        let made = try makePolicy(spec: PolicySpec(self.policy!), robot: robot,
                                  settings: PolicySettings(callRateHz: callsPerSecond, amplitude: amplitude, frequencyHz: frequency,
                                                           goal: try parsedGoal(), seed: seed))
        let policy = made.policy
        let (callRate, rateNotice) = policyRate(for: made)
        let plan = try loopPlan(robot: robot, policyRateHz: callRate)
        let directory = noLog ? nil : URL(fileURLWithPath: log ?? Self.defaultRunDirectory(policy: policy.name))
        var header: [String] = []
        if let deployment = made.deployment {
            let drawn = goal == nil ? " (drawn with --seed \(seed))" : ""
            header.append("checkpoint: \(deployment.metadata.algorithm) \(deployment.metadata.environment), step \(deployment.metadata.step), "
                  + "\(displayPath(deployment.file)); goal \(format(deployment.policy.goal)) m\(drawn); called at "
                  + "\(fixed(rate / Double(plan.loop.ticksPerPolicyCall), 1)) Hz"
                  + (plan.loop.ticksPerPolicyCall > 1 ? ", interpolated to \(fixed(rate, 0)) Hz" : ""))
        }
        let result = try execute(policy: policy, robot: robot, calibration: calibration, plan: plan, directory: directory,
                                 header: header, rateNotice: rateNotice, shouldStop: { stopSignalReceived != 0 })
        if let adapter = made.deployment?.policy, adapter.lastDistanceMeters.isFinite {
            print("reach: end effector \(fixed(adapter.startDistanceMeters * 1000, 1)) mm from the goal at the start, "
                  + "\(fixed(adapter.lastDistanceMeters * 1000, 1)) mm at the last policy call")
        }
        if !result.succeeded { throw ExitCode.failure }
    }

    /// The loop and safety settings for a policy called at `policyRateHz` (nil: every tick).
    func loopPlan(robot: RobotDescription, policyRateHz: Double?) throws -> (loop: LoopConfiguration, safety: SafetyConfiguration) {
        var loop = loopConfiguration
        loop.policyRateHz = policyRateHz
        if let problem = loop.problem { throw ValidationError(problem) }
        // The interpolator's ramps last as long as the policy's calls are apart: a whole number
        // of ticks, which a rate that does not divide the loop's is rounded to.
        let ticksPerCall = loop.ticksPerPolicyCall
        let safety = SafetyConfiguration.fromRobot(
            robot, maxStepRadians: maxStep, smoothing: try parsedSmoothing(),
            policyPeriodSeconds: ticksPerCall > 1 ? Double(ticksPerCall) / rate : nil, gripperCapRadians: gripperCap,
            stall: noStallDetection ? nil : .standard,
            temperature: TemperatureThresholds(warnCelsius: tempWarn, limitCelsius: tempLimit, stopCelsius: tempStop))
        return (loop, safety)
    }

    /// Runs `policy` on the robot through the loop and prints the run's summary.
    func execute(policy: Policy, robot: RobotDescription, calibration: RobotCalibration,
                 plan: (loop: LoopConfiguration, safety: SafetyConfiguration), directory: URL?, header: [String],
                 rateNotice: String?, shouldStop: @escaping () -> Bool) throws -> RunResult {
        let realTime = noRealtime ? RealTimeSetup.none : RealTimeSetup(cpu: cpu ?? RealTimeSetup.lastCPU)
        var options = runOptions(loop: plan.loop, robot: robot)
        options.realTime = realTime
        let transport = try SerialPort(path: portOption.port, baudRate: portOption.baud ?? robot.baudRate)
        let runtime = RobotRuntime(robot: robot, calibration: calibration, transport: transport, policy: policy,
                                   safety: plan.safety, options: options)
        runtime.tensorBoardDirectory = tensorBoardOption.resolvedDirectory(runDirectory: directory)
        let live = !quiet
        let terminal = standardOutputIsTerminal
        runtime.onStatus = { status in
            guard live else { return }
            if terminal { print("\r\u{1B}[K" + status.line, terminator: "") } else { print(status.line) }
            flushOutput()
        }
        runtime.onWarning = { text in
            if terminal && live { print("\r\u{1B}[K", terminator: "") }
            printError("warning: \(text)")
        }
        runtime.onNotice = { printError($0) }
        installStopSignals()
        print("steady run: \(robot.name) on \(portOption.port), policy \(policy.name), \(fixed(rate, 0)) Hz"
              + (duration.map { ", \(fixed($0, 1)) s" } ?? ", Ctrl-C to stop") + (directory.map { ", log \($0.path)" } ?? ""))
        for line in header { print(line) }
        flushOutput()
        if let rateNotice { printError(rateNotice) }
        let result = try runtime.run(directory: directory, shouldStop: shouldStop)
        if terminal && live { print("\r\u{1B}[K", terminator: "") }
        print(RunSummaryText.render(result, robot: robot, directory: directory))
        if let file = result.tensorBoardFile { print("tensorboard: \(displayPath(file))") }
        return result
    }

    /// `(x, y, z)` with millimetre precision.
    func format(_ point: SIMD3<Double>) -> String {
        "(" + (0..<3).map { fixed(point[$0], 3) }.joined(separator: ", ") + ")"
    }

    /// `runs/run-YYYYMMDD-HHMMSS-<policy>`.
    static func defaultRunDirectory(policy: String) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        let safe = policy.prefix(while: { $0.isLetter || $0.isNumber })
        return "runs/run-\(formatter.string(from: Date()))-\(safe)"
    }
}
