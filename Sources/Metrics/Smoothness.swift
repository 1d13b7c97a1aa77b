// Smoothness metrics of one joint's command signal a_0 … a_{N−1}, sampled at f_s.
//
// Conventions shared by every function here:
// - The duration of N ticks is (N − 1) / f_s seconds: the time from the first tick to the last.
//   With a `time` column, f_s = (N − 1) / (t_last − t_first), so the duration is t_last − t_first.
// - `range` is the joint's position range [lo, hi] (from the robot file, or the signal's own
//   min … max for a bare CSV). A zero-width range can only hold a constant signal; metrics that
//   divide by the width return 0 for it.

/// The duration of `ticks` samples at `sampleRateHz`: (N − 1) / f_s seconds, first tick to last.
public func durationSeconds(ticks: Int, sampleRateHz: Double) -> Double {
    precondition(sampleRateHz > 0, "sample rate must be positive")
    return Double(max(ticks - 1, 0)) / sampleRateHz
}

/// Continuity cost: 100 · mean over the N − 1 steps of ((a_{t+1} − a_t) / (hi − lo))².
///
/// It is the mean squared step as a fraction of the joint's range, in percent-squared-ish units:
/// a signal that jumps across its whole range every tick scores 100.
/// - Returns: 0 for fewer than 2 samples or a zero-width range.
public func continuityCost(_ signal: [Double], range: ClosedRange<Double>) -> Double {
    let width = range.upperBound - range.lowerBound
    guard signal.count >= 2, width > 0 else { return 0 }
    var sum = 0.0
    for t in 0..<(signal.count - 1) {
        let step = (signal[t + 1] - signal[t]) / width
        sum += step * step
    }
    return 100 * sum / Double(signal.count - 1)
}

/// Spectral smoothness Sm of Mysore et al. (2021), "Regularizing action policies for smooth control".
///
/// With X = DFT(a), n = ⌊N/2⌋, M_i = (2/N)·|X_i| and f_i = i·f_s/N for i = 1 … n:
/// Sm = 2 / (n·f_s) · Σ M_i·f_i. The DC bin is excluded, so an offset does not count. A sine
/// of amplitude A at frequency f_0 (an integer number of periods, below Nyquist) scores
/// 2·A·f_0 / (n·f_s). Lower is smoother. Computed with `FFT` in O(N log N) for any N.
/// - Returns: 0 for fewer than 2 samples.
public func spectralSmoothness(_ signal: [Double], sampleRateHz: Double) -> Double {
    precondition(sampleRateHz > 0, "sample rate must be positive")
    let count = signal.count
    let n = count / 2
    guard n >= 1 else { return 0 }
    let magnitudes = FFT.magnitudes(signal)
    var sum = 0.0
    for i in 1...n {
        let amplitude = 2 / Double(count) * magnitudes[i]
        let frequency = Double(i) * sampleRateHz / Double(count)
        sum += amplitude * frequency
    }
    return 2 / (Double(n) * sampleRateHz) * sum
}

/// Direction reversals per second: sign changes between successive steps a_{t+1} − a_t.
///
/// Steps smaller in magnitude than 0.1 % of (hi − lo), and steps of exactly zero, carry no
/// direction and are skipped: a reversal is counted when a step's sign differs from the sign of
/// the last step that was not skipped. The count is divided by the duration (N − 1) / f_s.
/// - Returns: 0 for fewer than 2 samples.
public func reversalsPerSecond(_ signal: [Double], range: ClosedRange<Double>, sampleRateHz: Double) -> Double {
    let duration = durationSeconds(ticks: signal.count, sampleRateHz: sampleRateHz)
    guard duration > 0 else { return 0 }
    return Double(reversalCount(signal, range: range)) / duration
}

/// The number of direction reversals `reversalsPerSecond` divides by the duration.
public func reversalCount(_ signal: [Double], range: ClosedRange<Double>) -> Int {
    guard signal.count >= 3 else { return 0 }
    let threshold = 0.001 * (range.upperBound - range.lowerBound)
    var lastSign = 0
    var count = 0
    for t in 0..<(signal.count - 1) {
        let step = signal[t + 1] - signal[t]
        if step == 0 || abs(step) < threshold { continue }
        let sign = step > 0 ? 1 : -1
        if lastSign != 0 && sign != lastSign { count += 1 }
        lastSign = sign
    }
    return count
}

/// Total variation per second: Σ |a_{t+1} − a_t| over the duration (N − 1) / f_s.
///
/// In the signal's units per second (rad/s for joint commands): the mean absolute speed the
/// command asks of the joint, counting every back-and-forth.
/// - Returns: 0 for fewer than 2 samples.
public func totalVariationPerSecond(_ signal: [Double], sampleRateHz: Double) -> Double {
    let duration = durationSeconds(ticks: signal.count, sampleRateHz: sampleRateHz)
    guard duration > 0 else { return 0 }
    var sum = 0.0
    for t in 0..<(signal.count - 1) { sum += abs(signal[t + 1] - signal[t]) }
    return sum / duration
}

/// Root-mean-square jerk of a measured position signal, in units/s³.
///
/// Jerk at t is the third forward difference (p_{t+3} − 3p_{t+2} + 3p_{t+1} − p_t) / dt³ with
/// dt = 1 / f_s; the RMS is over the N − 3 values. A cubic c·t³ gives exactly 6c.
/// - Returns: nil for fewer than 4 samples (no third difference exists).
public func rmsJerk(_ positions: [Double], sampleRateHz: Double) -> Double? {
    precondition(sampleRateHz > 0, "sample rate must be positive")
    guard positions.count >= 4 else { return nil }
    let dtCubedInverse = sampleRateHz * sampleRateHz * sampleRateHz
    var sum = 0.0
    for t in 0..<(positions.count - 3) {
        // Differences of differences: exact zero for a constant, unlike p3 − 3p2 + 3p1 − p0.
        let d0 = positions[t + 1] - positions[t]
        let d1 = positions[t + 2] - positions[t + 1]
        let d2 = positions[t + 3] - positions[t + 2]
        let difference = (d2 - d1) - (d1 - d0)
        let jerk = difference * dtCubedInverse
        sum += jerk * jerk
    }
    return (sum / Double(positions.count - 3)).squareRoot()
}
