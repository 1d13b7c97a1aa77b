/// The metrics of one joint, as they appear under `joints.<name>` in `summary.json`.
///
/// Every rate is per second of the run's duration, (N − 1) / f_s (t_last − t_first with a
/// `time` column). Optional fields are present only when the signal they need was logged.
public struct JointMetrics: Codable, Equatable, Sendable {
    /// 100 · mean (Δa / (hi − lo))²; see `continuityCost(_:range:)`.
    public var continuityCost: Double
    /// Mysore et al.'s Sm; see `spectralSmoothness(_:sampleRateHz:)`.
    public var spectralSmoothness: Double
    /// Direction reversals of the command per second; see `reversalsPerSecond(_:range:sampleRateHz:)`.
    public var reversalsPerSecond: Double
    /// Σ |Δa| per second, rad/s; see `totalVariationPerSecond(_:sampleRateHz:)`.
    public var totalVariationPerSecond: Double
    /// RMS jerk of the measured position, rad/s³, when present positions were logged.
    public var rmsJerk: Double?
    /// ∫ I² dt, A²·s, when currents were logged.
    public var i2tAmp2Seconds: Double?
    /// Highest temperature, °C, when temperatures were logged.
    public var peakTemperatureCelsius: Double?
    /// Seconds above 60 °C, when temperatures were logged.
    public var secondsAbove60Celsius: Double?
    /// The range [lo, hi] the command was normalised by (robot limits, or its own min … max).
    public var range: ClosedRange<Double>

    enum CodingKeys: String, CodingKey {
        case continuityCost = "continuity_cost"
        case spectralSmoothness = "spectral_smoothness"
        case reversalsPerSecond = "reversals_per_second"
        case totalVariationPerSecond = "total_variation_per_second"
        case rmsJerk = "rms_jerk"
        case i2tAmp2Seconds = "i2t_amp2_seconds"
        case peakTemperatureCelsius = "peak_temperature_celsius"
        case secondsAbove60Celsius = "seconds_above_60_celsius"
        case range
    }

    /// Computes every metric the joint's logged signals allow.
    public init(signals: JointSignals, sampleRateHz: Double) {
        let range = signals.effectiveRange
        self.range = range
        continuityCost = Metrics.continuityCost(signals.command, range: range)
        spectralSmoothness = Metrics.spectralSmoothness(signals.command, sampleRateHz: sampleRateHz)
        reversalsPerSecond = Metrics.reversalsPerSecond(signals.command, range: range, sampleRateHz: sampleRateHz)
        totalVariationPerSecond = Metrics.totalVariationPerSecond(signals.command, sampleRateHz: sampleRateHz)
        rmsJerk = signals.presentPosition.flatMap { Metrics.rmsJerk($0, sampleRateHz: sampleRateHz) }
        i2tAmp2Seconds = signals.currentAmps.map { i2tIntegral(currentAmps: $0, sampleRateHz: sampleRateHz) }
        peakTemperatureCelsius = signals.temperatureCelsius.flatMap { peakTemperature($0) }
        secondsAbove60Celsius = signals.temperatureCelsius.map {
            secondsAbove($0, thresholdCelsius: thermalThresholdCelsius, sampleRateHz: sampleRateHz)
        }
    }
}
