import Testing
import Metrics

@Suite struct WearAndTimingTests {
    @Test func nearestRankPercentilesOfAKnownList() {
        let values: [Double] = [40, 15, 50, 35, 20] // unsorted on purpose
        #expect(nearestRankPercentile(values, percent: 0) == 15)
        #expect(nearestRankPercentile(values, percent: 5) == 15)
        #expect(nearestRankPercentile(values, percent: 30) == 20)
        #expect(nearestRankPercentile(values, percent: 40) == 20)
        #expect(nearestRankPercentile(values, percent: 50) == 35)
        #expect(nearestRankPercentile(values, percent: 100) == 50)
        let thousand = (1...1000).reversed().map(Double.init)
        #expect(nearestRankPercentile(thousand, percent: 50) == 500)
        #expect(nearestRankPercentile(thousand, percent: 99) == 990)
        #expect(nearestRankPercentile(thousand, percent: 99.9) == 999)
        #expect(nearestRankPercentile([], percent: 50) == nil)
    }

    @Test func i2tOfAConstantCurrent() {
        // 2 A for 201 ticks at 100 Hz is 2 s: 4 A² · 2 s.
        let current = [Double](repeating: 2, count: 201)
        #expect(abs(i2tIntegral(currentAmps: current, sampleRateHz: 100) - 8) < 1e-12)
        // A current ramp 0 → 1 A over 1 s by trapezoids at fs = 1 gives (0 + 1)/2.
        #expect(i2tIntegral(currentAmps: [0, 1], sampleRateHz: 1) == 0.5)
    }

    @Test func secondsAboveSixtyOnARamp() {
        // 50 → 70 °C over 2 s: exactly the second half is above 60 °C.
        let ramp = (0...200).map { 50 + 20 * Double($0) / 200 }
        #expect(abs(secondsAbove(ramp, thresholdCelsius: 60, sampleRateHz: 100) - 1) < 1e-9)
        #expect(peakTemperature(ramp) == 70)
        // A crossing in the middle of a 1 s interval counts half of it; 60 itself is not above.
        #expect(secondsAbove([59, 61], thresholdCelsius: 60, sampleRateHz: 1) == 0.5)
        #expect(secondsAbove([60, 60, 60], thresholdCelsius: 60, sampleRateHz: 1) == 0)
        #expect(secondsAbove([61, 62, 63], thresholdCelsius: 60, sampleRateHz: 1) == 2)
    }

    @Test func limiterActivityCountsEachStageBit() {
        let flags: [UInt64] = [0b01, 0b11, 0b00, 0b10]
        let activity = limiterActivity(flags: flags, stageNames: ["velocity", "jerk", "smoothing"])
        #expect(activity == ["velocity": 0.5, "jerk": 0.5, "smoothing": 0])
    }

    @Test func loopTimingFromLateness() {
        let lateness = (1...1000).map { Double($0) * 1e-6 }
        let summary = LoopTimingSummary(latenessSeconds: lateness, missedTicks: 5, elapsedSeconds: 1.004)
        #expect(abs(summary.achievedRateHz - 999 / 1.004) < 1e-9)
        #expect(abs(summary.latenessP50Microseconds - 500) < 1e-9)
        #expect(abs(summary.latenessP99Microseconds - 990) < 1e-9)
        #expect(abs(summary.latenessP999Microseconds - 999) < 1e-9)
        #expect(abs(summary.latenessMaxMicroseconds - 1000) < 1e-9)
        #expect(summary.overruns == 5)
    }
}
