#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Coefficients of a biquad filter in direct form I, normalised so that a0 = 1:
/// `y[n] = b0·x[n] + b1·x[n−1] + b2·x[n−2] − a1·y[n−1] − a2·y[n−2]`.
public struct BiquadCoefficients: Equatable, Sendable {
    /// Feed-forward coefficient of x[n].
    public var b0: Double
    /// Feed-forward coefficient of x[n−1].
    public var b1: Double
    /// Feed-forward coefficient of x[n−2].
    public var b2: Double
    /// Feedback coefficient of y[n−1].
    public var a1: Double
    /// Feedback coefficient of y[n−2].
    public var a2: Double

    /// Creates coefficients from their values.
    public init(b0: Double, b1: Double, b2: Double, a1: Double, a2: Double) {
        self.b0 = b0
        self.b1 = b1
        self.b2 = b2
        self.a1 = a1
        self.a2 = a2
    }

    /// The second-order Butterworth low-pass with the given cutoff, sampled every
    /// `periodSeconds`: the analogue prototype `1 / (s² + √2·s + 1)` through the bilinear
    /// transform, pre-warped so that the −3 dB point is exactly at the cutoff. Unit gain at DC.
    /// Matches `scipy.signal.butter(2, cutoff / (sampleRate / 2))`.
    ///
    /// Cutoffs at or above 0.45 × the sample rate are lowered to 0.45 × the sample rate
    /// (the pre-warp diverges at Nyquist).
    public static func butterworthLowPass(cutoffHertz: Double, periodSeconds: Double) -> BiquadCoefficients {
        let sampleRate = 1 / periodSeconds
        let cutoff = Swift.min(cutoffHertz, 0.45 * sampleRate)
        let k = tan(Double.pi * cutoff / sampleRate)
        let kk = k * k
        let norm = 1 / (1 + 2.0.squareRoot() * k + kk)
        let b0 = kk * norm
        return BiquadCoefficients(b0: b0, b1: 2 * b0, b2: b0,
                                  a1: 2 * (kk - 1) * norm,
                                  a2: (1 - 2.0.squareRoot() * k + kk) * norm)
    }
}
