#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// The discrete Fourier transform in O(N log N) for any length N.
///
/// Powers of two use an iterative radix-2 Cooley–Tukey transform; every other length uses
/// Bluestein's chirp-z algorithm, which rewrites the DFT as a circular convolution of
/// power-of-two length M ≥ 2N − 1 and evaluates that with three radix-2 transforms. Both paths
/// compute the exact DFT (up to rounding), not an approximation by padding.
///
/// The sign convention is the usual forward one: X_k = Σ_{j=0}^{N−1} x_j · e^{−2πi·jk/N}.
public enum FFT {
    /// The DFT of a real signal: all N complex bins X_0 … X_{N−1}.
    ///
    /// A run of 30 s at 1 kHz (N = 30 000) costs three transforms of length 65 536.
    public static func forward(_ signal: [Double]) -> (real: [Double], imaginary: [Double]) {
        forward(real: signal, imaginary: [Double](repeating: 0, count: signal.count))
    }

    /// The DFT of a complex signal given as separate real and imaginary parts of equal length.
    public static func forward(real: [Double], imaginary: [Double]) -> (real: [Double], imaginary: [Double]) {
        precondition(real.count == imaginary.count, "FFT: real and imaginary parts differ in length")
        let n = real.count
        if n <= 1 { return (real, imaginary) }
        var re = real, im = imaginary
        if n & (n - 1) == 0 {
            radix2(&re, &im, inverse: false)
        } else {
            bluestein(&re, &im)
        }
        return (re, im)
    }

    /// The magnitudes |X_k| of the DFT of a real signal, k = 0 … N−1.
    public static func magnitudes(_ signal: [Double]) -> [Double] {
        let (re, im) = forward(signal)
        return zip(re, im).map { ($0 * $0 + $1 * $1).squareRoot() }
    }

    // MARK: - Radix 2

    /// In-place iterative radix-2 transform; `re.count` must be a power of two.
    /// The inverse is unnormalised (no division by N).
    static func radix2(_ re: inout [Double], _ im: inout [Double], inverse: Bool) {
        let n = re.count
        precondition(n > 0 && n & (n - 1) == 0, "radix-2 FFT needs a power-of-two length")
        if n == 1 { return }
        // Twiddles straight from cos/sin rather than by recurrence: recurrences drift at N = 2^16.
        let half = n / 2
        var cosTable = [Double](repeating: 0, count: half)
        var sinTable = [Double](repeating: 0, count: half)
        let sign: Double = inverse ? 1 : -1
        for k in 0..<half {
            let angle = 2 * Double.pi * Double(k) / Double(n)
            cosTable[k] = cos(angle)
            sinTable[k] = sign * sin(angle)
        }
        re.withUnsafeMutableBufferPointer { r in
            im.withUnsafeMutableBufferPointer { i in
                // Bit-reversal permutation.
                var j = 0
                for k in 1..<n {
                    var bit = n >> 1
                    while j & bit != 0 { j ^= bit; bit >>= 1 }
                    j |= bit
                    if k < j { r.swapAt(k, j); i.swapAt(k, j) }
                }
                var length = 2
                while length <= n {
                    let halfLength = length / 2
                    let stride = n / length
                    var start = 0
                    while start < n {
                        for m in 0..<halfLength {
                            let wr = cosTable[m * stride], wi = sinTable[m * stride]
                            let a = start + m, b = a + halfLength
                            let tr = r[b] * wr - i[b] * wi
                            let ti = r[b] * wi + i[b] * wr
                            r[b] = r[a] - tr
                            i[b] = i[a] - ti
                            r[a] += tr
                            i[a] += ti
                        }
                        start += length
                    }
                    length <<= 1
                }
            }
        }
    }

    // MARK: - Bluestein

    /// In-place DFT of any length via the chirp-z identity jk = (j² + k² − (k − j)²) / 2.
    static func bluestein(_ re: inout [Double], _ im: inout [Double]) {
        let n = re.count
        var m = 1
        while m < 2 * n - 1 { m <<= 1 }
        // Chirp w_j = e^{−πi j²/N}; j² is reduced mod 2N in integers so the angle stays exact.
        var chirpCos = [Double](repeating: 0, count: n)
        var chirpSin = [Double](repeating: 0, count: n)
        let twoN = 2 * n
        for j in 0..<n {
            let reduced = (j % twoN) * (j % twoN) % twoN
            let angle = Double.pi * Double(reduced) / Double(n)
            chirpCos[j] = cos(angle)
            chirpSin[j] = -sin(angle)
        }
        // a_j = x_j · w_j, zero-padded to M.
        var aRe = [Double](repeating: 0, count: m), aIm = [Double](repeating: 0, count: m)
        for j in 0..<n {
            aRe[j] = re[j] * chirpCos[j] - im[j] * chirpSin[j]
            aIm[j] = re[j] * chirpSin[j] + im[j] * chirpCos[j]
        }
        // b_j = conj(w_j) for j = −(N−1) … N−1, laid out circularly.
        var bRe = [Double](repeating: 0, count: m), bIm = [Double](repeating: 0, count: m)
        bRe[0] = chirpCos[0]
        bIm[0] = -chirpSin[0]
        for j in 1..<n {
            bRe[j] = chirpCos[j]; bIm[j] = -chirpSin[j]
            bRe[m - j] = chirpCos[j]; bIm[m - j] = -chirpSin[j]
        }
        radix2(&aRe, &aIm, inverse: false)
        radix2(&bRe, &bIm, inverse: false)
        for k in 0..<m {
            let r = aRe[k] * bRe[k] - aIm[k] * bIm[k]
            let i = aRe[k] * bIm[k] + aIm[k] * bRe[k]
            aRe[k] = r
            aIm[k] = i
        }
        radix2(&aRe, &aIm, inverse: true)
        let scale = 1 / Double(m)
        for k in 0..<n {
            let cr = aRe[k] * scale, ci = aIm[k] * scale
            re[k] = cr * chirpCos[k] - ci * chirpSin[k]
            im[k] = cr * chirpSin[k] + ci * chirpCos[k]
        }
    }
}
