// Thermal wear of one motor from its logged current and temperature.
//
// Integrals use the trapezoidal rule over the N − 1 intervals of 1 / f_s, so they span the same
// duration, (N − 1) / f_s, as every other metric.

/// The temperature above which a servo's time counts as thermal stress, °C.
public let thermalThresholdCelsius = 60.0

/// The I²t integral ∫ I(t)² dt of a motor current, in A²·s (trapezoidal rule).
///
/// It is proportional to the heat dissipated in the winding; a constant current I over the
/// duration (N − 1) / f_s gives I² · (N − 1) / f_s.
/// - Returns: 0 for fewer than 2 samples.
public func i2tIntegral(currentAmps: [Double], sampleRateHz: Double) -> Double {
    precondition(sampleRateHz > 0, "sample rate must be positive")
    guard currentAmps.count >= 2 else { return 0 }
    var sum = 0.0
    for t in 0..<(currentAmps.count - 1) {
        let a = currentAmps[t], b = currentAmps[t + 1]
        sum += (a * a + b * b) / 2
    }
    return sum / sampleRateHz
}

/// The highest logged temperature, °C.
/// - Returns: nil for an empty signal.
public func peakTemperature(_ temperatureCelsius: [Double]) -> Double? {
    temperatureCelsius.max()
}

/// Seconds the temperature spent strictly above `thresholdCelsius`.
///
/// The temperature is taken as linear between samples, so an interval that crosses the
/// threshold contributes the fraction of it spent above: a ramp from 50 °C to 70 °C spends
/// exactly half its duration above 60 °C. Total time is at most the duration (N − 1) / f_s.
/// - Returns: 0 for fewer than 2 samples.
public func secondsAbove(_ temperatureCelsius: [Double], thresholdCelsius: Double = thermalThresholdCelsius,
                         sampleRateHz: Double) -> Double {
    precondition(sampleRateHz > 0, "sample rate must be positive")
    guard temperatureCelsius.count >= 2 else { return 0 }
    var ticksAbove = 0.0
    for t in 0..<(temperatureCelsius.count - 1) {
        let a = temperatureCelsius[t] - thresholdCelsius
        let b = temperatureCelsius[t + 1] - thresholdCelsius
        if a > 0 && b > 0 {
            ticksAbove += 1
        } else if a > 0 || b > 0 {
            // One end above, the other at or below: the crossing is where the line meets zero.
            ticksAbove += max(a, b) / abs(b - a)
        }
    }
    return ticksAbove / sampleRateHz
}
