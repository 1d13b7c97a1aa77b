import Foundation
import Testing
import SteadyCore
import Metrics

/// The O(N²) definition X_k = Σ x_j e^{−2πi jk/N}, with jk reduced mod N so the angle stays exact.
func naiveDFT(real: [Double], imaginary: [Double]) -> (real: [Double], imaginary: [Double]) {
    let n = real.count
    var outRe = [Double](repeating: 0, count: n), outIm = [Double](repeating: 0, count: n)
    for k in 0..<n {
        for j in 0..<n {
            let angle = -2 * Double.pi * Double((j * k) % n) / Double(n)
            outRe[k] += real[j] * cos(angle) - imaginary[j] * sin(angle)
            outIm[k] += real[j] * sin(angle) + imaginary[j] * cos(angle)
        }
    }
    return (outRe, outIm)
}

/// The largest difference between two spectra, over real and imaginary parts of every bin.
func maxError(_ a: (real: [Double], imaginary: [Double]), _ b: (real: [Double], imaginary: [Double])) -> Double {
    zip(a.real + a.imaginary, b.real + b.imaginary).map { abs($0 - $1) }.max() ?? 0
}

@Suite struct FFTTests {
    @Test(arguments: [1, 2, 3, 5, 8, 17, 100, 1000, 1024])
    func realInputMatchesNaiveDFT(count: Int) {
        var generator = SeededGenerator(seed: UInt64(count))
        let signal = (0..<count).map { _ in generator.gaussian() }
        let fast = FFT.forward(signal)
        let slow = naiveDFT(real: signal, imaginary: [Double](repeating: 0, count: count))
        #expect(fast.real.count == count && fast.imaginary.count == count)
        #expect(maxError(fast, slow) < 1e-10 * Double(count))
    }

    @Test(arguments: [6, 17, 64])
    func complexInputMatchesNaiveDFT(count: Int) {
        var generator = SeededGenerator(seed: 99)
        let re = (0..<count).map { _ in generator.gaussian() }
        let im = (0..<count).map { _ in generator.gaussian() }
        let fast = FFT.forward(real: re, imaginary: im)
        let slow = naiveDFT(real: re, imaginary: im)
        #expect(maxError(fast, slow) < 1e-10 * Double(count))
    }

    @Test func emptyAndSingleSample() {
        #expect(FFT.forward([]).real.isEmpty)
        #expect(FFT.forward([2.5]).real == [2.5])
        #expect(FFT.forward([2.5]).imaginary == [0])
    }

    @Test func pureToneLandsInOneBinAtLongLengths() {
        // 30 000 = 2^4 · 3 · 5^4 goes through Bluestein with three transforms of 65 536.
        let count = 30_000, bin = 45, amplitude = 0.8
        let signal = (0..<count).map { amplitude * cos(2 * Double.pi * Double(bin * $0 % count) / Double(count)) }
        let magnitudes = FFT.magnitudes(signal)
        #expect(abs(magnitudes[bin] - amplitude * Double(count) / 2) < 1e-6)
        #expect(abs(magnitudes[count - bin] - amplitude * Double(count) / 2) < 1e-6)
        let leakage = magnitudes.enumerated().filter { $0.offset != bin && $0.offset != count - bin }.map(\.element)
        #expect(leakage.max()! < 1e-6)
    }
}
