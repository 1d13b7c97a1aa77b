import SteadyCore

/// Everything about a run besides the robot, its calibration, its port and its policy.
public struct RunOptions: Sendable {
    /// The loop's rate, phases and watchdogs.
    public var loop: LoopConfiguration
    /// Leave torque on after the run (the arm holds its last command).
    public var keepTorque: Bool
    /// Real-time settings of the loop thread.
    public var realTime: RealTimeSetup
    /// Busy-wait before each deadline, µs (0: sleep all the way).
    public var spinMicroseconds: Double
    /// Bus retries per tick after a timeout or corrupt reply (while the bus budget allows).
    public var retries: Int
    /// The shortest time one read attempt waits beyond the line time, µs.
    public var minimumLatencyAllowanceMicroseconds: Double
    /// A run in which more than this share of the ticks failed ends as failed
    /// (`RunResult.failedTooOften`), however it stopped.
    public var maxFailedShare: Double
    /// Replace a run already in the run directory (else the run is refused before it connects).
    public var overwriteLog: Bool
    /// The calibration's file: when set, every motor's Homing_Offset and position limits must
    /// match it, or the run is refused before anything is written (nil: not checked).
    public var calibrationFile: String?

    /// Creates options.
    public init(loop: LoopConfiguration, keepTorque: Bool = false, realTime: RealTimeSetup = RealTimeSetup(),
                spinMicroseconds: Double = 0, retries: Int = 2, minimumLatencyAllowanceMicroseconds: Double = 150,
                maxFailedShare: Double = RunOptions.defaultMaxFailedShare, overwriteLog: Bool = false,
                calibrationFile: String? = nil) {
        self.loop = loop
        self.keepTorque = keepTorque
        self.realTime = realTime
        self.spinMicroseconds = spinMicroseconds
        self.retries = retries
        self.minimumLatencyAllowanceMicroseconds = minimumLatencyAllowanceMicroseconds
        self.maxFailedShare = maxFailedShare
        self.overwriteLog = overwriteLog
        self.calibrationFile = calibrationFile
    }

    /// The default share of failed ticks that fails a run: 5 %. A healthy bus fails none; a
    /// run that acted on one-tick-old readings more often than this did not do what was asked.
    public static let defaultMaxFailedShare = 0.05

    /// What is wrong with these options, if anything, naming the setting and its allowed values.
    public var problem: String? {
        if let problem = loop.problem { return problem }
        if let problem = RunRanges.spin.problem(spinMicroseconds) { return "spin: \(problem)" }
        if spinMicroseconds * 1e3 >= Double(loop.periodNanoseconds) {
            return "spin: \(Double.spell(spinMicroseconds)) µs must be shorter than the \(Double.spell(Double(loop.periodNanoseconds) / 1e3)) µs period"
        }
        if let problem = RunRanges.retries.problem(retries) { return "retries: \(problem)" }
        if let problem = RunRanges.maxFailedShare.problem(maxFailedShare) { return "max failed share: \(problem)" }
        if let problem = SettingRange(0.0...1_000_000, unit: "µs").problem(minimumLatencyAllowanceMicroseconds) {
            return "minimum latency allowance: \(problem)"
        }
        return nil
    }
}
