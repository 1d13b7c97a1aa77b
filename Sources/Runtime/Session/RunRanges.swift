import SteadyCore

/// The allowed values of a run's numeric settings: the options of `steady run` and the fields of
/// `LoopConfiguration` and `RunOptions`, which check against the same ranges.
///
/// Every bound is finite, so that no conversion to ticks or nanoseconds can trap once torque is
/// on; the longest settings are bounded where a larger value could only be a mistake.
public enum RunRanges {
    /// The loop rate.
    public static let rate = SettingRange(1.0...1000, unit: "Hz")
    /// A run's length (about 11.6 days at most).
    public static let duration = SettingRange(above: 0.0, through: 1_000_000, unit: "s")
    /// The soft start's shortest length.
    public static let softStart = SettingRange(0.0...60, unit: "s")
    /// Holding still after a stop, before torque off.
    public static let hold = SettingRange(0.0...60, unit: "s")
    /// How often the policy is called (and at most the loop rate).
    public static let policyRate = SettingRange(above: 0.0, through: 1000, unit: "Hz")
    /// The policy's time budget, as a fraction of the period.
    public static let policyBudget = SettingRange(above: 0.0, through: 1)
    /// The share of the period the tick's read may use.
    public static let busBudget = SettingRange(above: 0.0, through: 1)
    /// Failed ticks in a row that stop a run.
    public static let maxFailedTicks = SettingRange(1...100_000)
    /// The share of failed ticks above which a run ends as failed.
    public static let maxFailedShare = SettingRange(0.0...1)
    /// The torque left after a stall reduction, as a fraction of the motor's default.
    public static let stallTorqueFraction = SettingRange(above: 0.0, through: 1)
    /// Busy-waiting before each deadline (and less than the period).
    public static let spin = SettingRange(0.0...10_000, unit: "µs")
    /// Bus retries per tick.
    public static let retries = SettingRange(0...10)
    /// The sine policy's amplitude, as a fraction of each joint's half range.
    public static let sineAmplitude = SettingRange(above: 0.0, through: 1)
    /// The sine policy's frequency (and below half the policy's call rate).
    public static let sineFrequency = SettingRange(above: 0.0, through: 50, unit: "Hz")
    /// The CPU the loop thread is pinned to.
    public static let cpu = SettingRange(0...4095)
}
