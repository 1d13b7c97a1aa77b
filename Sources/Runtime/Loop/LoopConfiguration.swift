import SteadyCore

/// How the control loop runs: its rate and the timing of its phases and watchdogs.
public struct LoopConfiguration: Sendable, Equatable {
    /// Ticks per second, 1–1000.
    public var rateHz: Double
    /// Stop after this many seconds from the first tick (nil: until stopped).
    public var durationSeconds: Double?
    /// Length of the soft start: the ramp from the present pose to the policy's first command.
    public var softStartSeconds: Double
    /// How long to hold the last command after a stop before torque goes off.
    public var holdSeconds: Double
    /// How often the policy is called, Hz (nil: every tick). Must divide into the loop rate;
    /// the safety chain's interpolator ramps between its targets.
    public var policyRateHz: Double?
    /// The policy's time budget per call, as a fraction of the loop period: an `act` that
    /// takes longer is discarded (the target is held) and counted.
    public var policyBudgetFraction: Double
    /// The share of the period the tick's read (with its retries) may use.
    public var busBudgetFraction: Double
    /// Consecutive failed ticks (bus read or write failed after every retry) that stop the run;
    /// nil: `defaultMaxFailedTicks(rateHz:)`.
    public var maxFailedTicks: Int?
    /// Torque limit, as a fraction of the motor's default, written when a stall asks to reduce.
    public var stallTorqueFraction: Double
    /// Tell the safety chain the time since the last command as the clock measured it (true),
    /// or always one period (false, the default).
    ///
    /// After a skipped deadline the elapsed time is two or more periods. Told one period, the
    /// command sequence stays smooth in ticks and the gap only stretches one step in time,
    /// which can only lower the real velocity of that step. Told the real gap, the chain's
    /// acceleration/jerk limiter now settles back without oscillating (`LimiterSettlingTests`),
    /// but the clock measures from the last command *written*, while the chain's history
    /// holds every command it produced: after a failed write the chain would allow a step
    /// sized for two periods from a command the motors never received. Fix that before
    /// making true the default.
    public var safetyPeriodFollowsClock: Bool

    /// Creates a configuration.
    public init(rateHz: Double, durationSeconds: Double? = nil, softStartSeconds: Double = 2, holdSeconds: Double = 0.5,
                policyRateHz: Double? = nil, policyBudgetFraction: Double = 0.5, busBudgetFraction: Double = 0.8,
                maxFailedTicks: Int? = nil, stallTorqueFraction: Double = 0.5, safetyPeriodFollowsClock: Bool = false) {
        self.rateHz = rateHz
        self.durationSeconds = durationSeconds
        self.softStartSeconds = softStartSeconds
        self.holdSeconds = holdSeconds
        self.policyRateHz = policyRateHz
        self.policyBudgetFraction = policyBudgetFraction
        self.busBudgetFraction = busBudgetFraction
        self.maxFailedTicks = maxFailedTicks
        self.stallTorqueFraction = stallTorqueFraction
        self.safetyPeriodFollowsClock = safetyPeriodFollowsClock
    }

    /// The default watchdog: 3 failed ticks in a row, or 10 ms of them, whichever is longer.
    ///
    /// At 1 kHz three ticks are 3 ms, shorter than the multi-millisecond stalls a Linux
    /// pseudo-terminal (a twin) or a USB adapter has now and then; 10 ms rides them out while a
    /// dead port still stops the loop at once (`vanished`) and a silent one within 10 ms.
    public static func defaultMaxFailedTicks(rateHz: Double) -> Int { max(3, Int((0.01 * rateHz).rounded(.up))) }

    /// The watchdog in effect.
    public var failedTicksLimit: Int { maxFailedTicks ?? Self.defaultMaxFailedTicks(rateHz: rateHz) }

    /// The period, nanoseconds.
    public var periodNanoseconds: UInt64 { UInt64((1e9 / rateHz).rounded()) }

    /// Loop ticks per policy call.
    public var ticksPerPolicyCall: Int {
        guard let policyRateHz else { return 1 }
        return max(1, Int((rateHz / policyRateHz).rounded()))
    }

    /// What is wrong with this configuration, if anything, naming the field and its allowed
    /// values (`RunRanges`). A configuration without a problem converts to ticks and
    /// nanoseconds without overflow.
    public var problem: String? {
        func check(_ name: String, _ value: Double, _ range: SettingRange<Double>) -> String? {
            range.problem(value).map { "\(name): \($0)" }
        }
        let checks: [String?] = [
            check("rate", rateHz, RunRanges.rate),
            durationSeconds.flatMap { check("duration", $0, RunRanges.duration) },
            check("soft start", softStartSeconds, RunRanges.softStart),
            check("hold", holdSeconds, RunRanges.hold),
            policyRateHz.flatMap { check("policy rate", $0, RunRanges.policyRate) },
            check("policy budget", policyBudgetFraction, RunRanges.policyBudget),
            check("bus budget", busBudgetFraction, RunRanges.busBudget),
            maxFailedTicks.flatMap { RunRanges.maxFailedTicks.problem($0).map { "max failed ticks: \($0)" } },
            check("stall torque fraction", stallTorqueFraction, RunRanges.stallTorqueFraction),
        ]
        if let first = checks.compactMap({ $0 }).first { return first }
        if let policyRateHz, policyRateHz > rateHz {
            return "policy rate \(Double.spell(policyRateHz)) Hz must not exceed the loop rate \(Double.spell(rateHz)) Hz"
        }
        return nil
    }
}
