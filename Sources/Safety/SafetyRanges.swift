import SteadyCore

/// The allowed values of the safety chain's options (`steady run --max-step`, `--gripper-cap`,
/// `--smoothing`, `--temp-*`); `SafetyConfiguration.validate()` checks against the same ranges.
public enum SafetyRanges {
    /// Largest distance between command and present position.
    public static let maxStep = SettingRange(above: 0.0, through: 6.3, unit: "rad")
    /// The gripper's largest position error (its effort cap).
    public static let gripperCap = SettingRange(above: 0.0, through: 6.3, unit: "rad")
    /// A motor temperature threshold.
    public static let temperature = SettingRange(0.0...150, unit: "°C")
    /// The smoothing EMA's weight of the newest target.
    public static let emaAlpha = SettingRange(above: 0.0, through: 1)
    /// The smoothing low-pass filter's cutoff (and below half the loop rate).
    public static let lowPassCutoff = SettingRange(above: 0.0, through: 500, unit: "Hz")
}
