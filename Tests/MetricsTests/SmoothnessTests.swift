import Foundation
import Testing
import SteadyCore
import Metrics

@Suite struct SmoothnessTests {
    @Test func constantSignalScoresZeroEverywhere() {
        let signal = [Double](repeating: 0.42, count: 257)
        #expect(continuityCost(signal, range: -1...1) == 0)
        #expect(spectralSmoothness(signal, sampleRateHz: 100) < 1e-12)
        #expect(reversalsPerSecond(signal, range: -1...1, sampleRateHz: 100) == 0)
        #expect(totalVariationPerSecond(signal, sampleRateHz: 100) == 0)
        #expect(rmsJerk(signal, sampleRateHz: 100) == 0)
        // The bare-CSV case: the column's own range has zero width.
        let metrics = JointMetrics(signals: JointSignals(name: "j", command: signal), sampleRateHz: 100)
        #expect(metrics.continuityCost == 0 && metrics.reversalsPerSecond == 0)
        #expect(metrics.range == 0.42...0.42)
    }

    @Test func stepHasOneJumpAndNoReversal() {
        let count = 10, rate = 50.0
        let step = [Double](repeating: 0, count: 5) + [Double](repeating: 1, count: 5)
        let duration = Double(count - 1) / rate
        // One step of 1 in a range of width 3, averaged over N − 1 = 9 steps.
        #expect(abs(continuityCost(step, range: -1...2) - 100 * (1.0 / 9) / 9) < 1e-12)
        #expect(abs(totalVariationPerSecond(step, sampleRateHz: rate) - 1 / duration) < 1e-12)
        #expect(reversalsPerSecond(step, range: -1...2, sampleRateHz: rate) == 0)
        // With its own range 0…1 the single step is a full-range jump.
        let metrics = JointMetrics(signals: JointSignals(name: "j", command: step), sampleRateHz: rate)
        #expect(abs(metrics.continuityCost - 100.0 / 9) < 1e-12)
    }

    /// A = 0.7, f0 = 10 Hz at 1 kHz: P = 100 samples per period, K = 5 whole periods.
    @Test func sineMatchesClosedForms() {
        let amplitude = 0.7, f0 = 10.0, rate = 1000.0, periods = 5, perPeriod = 100
        let count = periods * perPeriod
        let omega = 2 * Double.pi / Double(perPeriod)
        let sine = (0..<count).map { amplitude * sin(omega * Double($0)) }
        let duration = Double(count - 1) / rate
        let n = Double(count / 2)

        // Only bin K carries energy, with M_K = A and f_K = f0.
        let expectedSm = 2 / (n * rate) * amplitude * f0
        #expect(abs(spectralSmoothness(sine, sampleRateHz: rate) / expectedSm - 1) < 1e-9)

        // A peak and a trough per period: 2K reversals, ≈ 2·f0 per second.
        let reversals = reversalsPerSecond(sine, range: -1...1, sampleRateHz: rate)
        #expect(abs(reversals - Double(2 * periods) / duration) < 1e-9)
        #expect(abs(reversals - 2 * f0) < 0.05)

        // Samples hit 0, ±A exactly (P divisible by 4): 4A per period, minus the last step
        // back to 0 that the N − 1 differences do not include.
        let variation = (4 * amplitude * Double(periods) - amplitude * sin(omega)) / duration
        #expect(abs(totalVariationPerSecond(sine, sampleRateHz: rate) - variation) < 1e-9)
        #expect(abs(totalVariationPerSecond(sine, sampleRateHz: rate) - 4 * amplitude * f0) < 0.1)

        // Δa_t = 2A sin(ω/2) cos(ω(t + ½)); Σ_{t<N} cos² = N/2, minus the missing last term cos²(ω/2).
        let meanSquare = 4 * amplitude * amplitude * pow(sin(omega / 2), 2)
            * (Double(count) / 2 - pow(cos(omega / 2), 2)) / Double(count - 1)
        let expectedCost = 100 * meanSquare / 4 // (hi − lo)² = 4
        #expect(abs(continuityCost(sine, range: -1...1) / expectedCost - 1) < 1e-9)
    }

    @Test func spectralSmoothnessOfALongRunUsesAnyLength() {
        // 30 s at 1 kHz with f0 = 1.5 Hz: 45 whole periods in N = 30 000 (not a power of two).
        let amplitude = 0.3, f0 = 1.5, rate = 1000.0, count = 30_000
        let sine = (0..<count).map { amplitude * sin(2 * Double.pi * f0 * Double($0) / rate) }
        let expected = 2 / (Double(count / 2) * rate) * amplitude * f0
        #expect(abs(spectralSmoothness(sine, sampleRateHz: rate) / expected - 1) < 1e-6)
    }

    @Test func whiteNoiseContinuityCostIsTwiceTheVariance() {
        var generator = SeededGenerator(seed: 2021)
        let sigma = 0.05, count = 100_000
        let noise = (0..<count).map { _ in generator.gaussian(mean: 0, standardDeviation: sigma) }
        // E[(a_{t+1} − a_t)²] = 2σ²; the estimator's relative s.d. is √(3/N) ≈ 0.55 %.
        let expected = 100 * 2 * sigma * sigma / 4
        #expect(abs(continuityCost(noise, range: -1...1) / expected - 1) < 0.03)
    }

    @Test func reversalsIgnoreStepsBelowATenthOfAPercent() {
        // Range width 10: threshold 0.01. The ±0.005 wiggle is noise; the two big turns count.
        let signal = [0, 1, 2, 2.005, 1.999, 2.004, 1, 0, 0.001, 1]
        #expect(reversalCount(signal, range: 0...10) == 2)
        #expect(abs(reversalsPerSecond(signal, range: 0...10, sampleRateHz: 9) - 2) < 1e-12)
    }

    @Test func rmsJerkOfACubicIsSixAndOfAQuadraticZero() {
        // dt = 1/8 keeps every sample and difference exact in binary.
        let cubic = (0..<40).map { pow(Double($0) / 8, 3) }
        #expect(rmsJerk(cubic, sampleRateHz: 8) == 6)
        let quadratic = (0..<40).map { t -> Double in let x = Double(t) / 8; return 3 * x * x - x + 2 }
        #expect(rmsJerk(quadratic, sampleRateHz: 8) == 0)
        // At 1 kHz, 2.5·t³ has jerk 15 up to rounding.
        let fine = (0..<200).map { 2.5 * pow(Double($0) / 1000, 3) }
        #expect(abs(rmsJerk(fine, sampleRateHz: 1000)! - 15) < 1e-4)
        #expect(rmsJerk([0, 1, 8], sampleRateHz: 1) == nil)
    }

    @Test func durationIsFirstTickToLast() {
        #expect(durationSeconds(ticks: 1001, sampleRateHz: 1000) == 1)
        #expect(durationSeconds(ticks: 1, sampleRateHz: 1000) == 0)
    }
}
