import SteadyCore

/// The allowed values of options that only the command line has (refresh rates, counts,
/// benchmark sizes); the library's settings keep their ranges in their own modules
/// (`RobotRanges`, `SafetyRanges`, `RunRanges`, `TwinRanges`, `TrainingRanges`).
enum CommandRanges {
    /// `steady read --rate`.
    /// A task's action-rate penalty coefficient.
    static let actionRatePenalty = SettingRange(0.0...100)
    static let readRate = SettingRange(above: 0.0, through: 1000, unit: "Hz")
    /// `steady read --count`.
    static let readCount = SettingRange(1...1_000_000_000)
    /// `steady calibrate --sweep-seconds`.
    static let sweepSeconds = SettingRange(above: 0.0, through: 3600, unit: "s")
    /// A reach goal's coordinate (`steady run --goal`).
    static let goalCoordinate = SettingRange(-10.0...10, unit: "m")
    /// `steady metrics --rate`.
    static let metricsRate = SettingRange(above: 0.0, through: 1_000_000, unit: "Hz")
    /// Episodes to evaluate (`steady eval --episodes`).
    static let episodes = SettingRange(1...100_000)
    /// Benchmark repetitions (`--iterations`, `--ticks`, `--steps`, `--predict-calls`).
    static let benchmarkCount = SettingRange(1...100_000_000)
    /// Benchmark seconds (`--seconds`).
    static let benchmarkSeconds = SettingRange(above: 0.0, through: 3600, unit: "s")
    /// Training runs at once (`steady study exploration --jobs`).
    static let studyJobs = SettingRange(1...64, unit: "jobs")
}
