import Foundation
import Metrics
import XCTest

/// `StreamingWear`'s windows add up to the batch metrics of the whole signal.
final class StreamingWearTests: XCTestCase {
    func testWindowsTileTheWholeSignal() {
        // A deterministic wiggly signal: a sine plus a faster sawtooth, with one NaN sample.
        let signal = (0..<997).map { t -> Double in
            t == 400 ? .nan : sin(Double(t) * 0.05) + 0.2 * Double(t % 7) / 7
        }
        let range = -1.5...1.5
        var wear = StreamingWear(ranges: [range])
        var squared = 0.0, steps = 0, reversals = 0
        for (t, value) in signal.enumerated() {
            wear.add(value, signal: 0)
            if t % 100 == 99 || t == signal.count - 1 {
                let sums = wear.sums(signal: 0)
                squared += sums.squaredSteps
                steps += sums.steps
                reversals += sums.reversals
                wear.startWindow()
            }
        }
        let finite = signal.filter(\.isFinite)
        XCTAssertEqual(steps, finite.count - 1)
        XCTAssertEqual(100 * squared / Double(steps), continuityCost(finite, range: range), accuracy: 1e-12)
        XCTAssertEqual(reversals, reversalCount(finite, range: range))
        XCTAssertGreaterThan(reversals, 100)
    }

    func testWindowMeansOverSignals() {
        var wear = StreamingWear(ranges: [0...1, 0...2])
        for value in [0.0, 0.1, 0.0] { wear.add(value, signal: 0) }   // steps ±0.1: cost 100·0.01, one reversal
        for value in [0.0, 0.2, 0.4] { wear.add(value, signal: 1) }   // steps 0.2/2: cost 100·0.01, none
        let window = wear.window(sampleRateHz: 10)!
        XCTAssertEqual(window.continuityCost, 1, accuracy: 1e-12)
        XCTAssertEqual(window.reversalsPerSecond, (1 * 10 / 2 + 0) / 2, accuracy: 1e-12)   // 5/s and 0/s
        wear.startWindow()
        XCTAssertNil(wear.window(sampleRateHz: 10))
    }

    func testRestartedSignalsTakeNoStepAcrossTheRestart() {
        // [0, 0.5], restart, [-1, -0.5] over [-1, 1]: two steps of 0.5/2 each, so 100·0.0625 = 6.25;
        // with the step from 0.5 to -1 (1.5/2) it would be 100·(0.0625·2 + 0.5625)/3 ≈ 22.9.
        var wear = StreamingWear(ranges: [-1...1])
        wear.add(0, signal: 0)
        wear.add(0.5, signal: 0)
        wear.restartSignals()
        wear.add(-1, signal: 0)
        wear.add(-0.5, signal: 0)
        XCTAssertEqual(wear.sums(signal: 0).steps, 2)
        XCTAssertEqual(wear.window(sampleRateHz: 50)?.continuityCost ?? .nan, 6.25, accuracy: 1e-12)
    }
}
