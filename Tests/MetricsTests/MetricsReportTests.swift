import Foundation
import Testing
import SteadyCore
import Metrics

@Suite struct MetricsReportTests {
    func fullSignals() -> RunSignals {
        let ticks = 100
        let a = (0..<ticks).map { sin(Double($0) / 10) }
        let b = (0..<ticks).map { Double($0 % 7) / 7 }
        return RunSignals(
            sampleRateHz: 100,
            joints: [
                JointSignals(name: "shoulder_pan", command: a, presentPosition: a,
                             currentAmps: Array(repeating: 1, count: ticks),
                             temperatureCelsius: (0..<ticks).map { 55 + Double($0) / 10 }, range: -2...2),
                JointSignals(name: "elbow_flex", command: b, presentPosition: b,
                             currentAmps: Array(repeating: 3, count: ticks),
                             temperatureCelsius: Array(repeating: 40, count: ticks)),
            ],
            limiterStageNames: ["velocity", "jerk"],
            limiterFlags: (0..<ticks).map { UInt64($0 % 4 == 0 ? 1 : 0) },
            loopTiming: .init(latenessSeconds: (0..<ticks).map { Double($0) * 1e-6 }, missedTicks: 1,
                              elapsedSeconds: 1))
    }

    @Test func jsonHasTheSpecifiedKeysAtTopLevelAndPerJoint() throws {
        let report = MetricsReport(signals: fullSignals())
        let object = try #require(JSONSerialization.jsonObject(with: report.jsonData()) as? [String: Any])
        let metricKeys = ["continuity_cost", "spectral_smoothness", "reversals_per_second",
                          "total_variation_per_second", "rms_jerk", "i2t_amp2_seconds",
                          "peak_temperature_celsius", "seconds_above_60_celsius"]
        for key in metricKeys + ["ticks", "rate_hz", "duration_seconds", "joints", "limiter_activity", "loop_timing"] {
            #expect(object[key] != nil, "top-level key \(key)")
        }
        let joints = try #require(object["joints"] as? [String: [String: Any]])
        #expect(Set(joints.keys) == ["shoulder_pan", "elbow_flex"])
        for (name, joint) in joints {
            for key in metricKeys + ["range"] { #expect(joint[key] != nil, "joints.\(name).\(key)") }
        }
        #expect(object["limiter_activity"] as? [String: Double] == ["velocity": 0.25, "jerk": 0])
        let loop = try #require(object["loop_timing"] as? [String: Any])
        for key in ["achieved_rate_hz", "lateness_p50_us", "lateness_p99_us", "lateness_p999_us",
                    "lateness_max_us", "overruns"] {
            #expect(loop[key] != nil, "loop_timing.\(key)")
        }
        #expect(object["ticks"] as? Int == 100)
        #expect(object["duration_seconds"] as? Double == 0.99)
    }

    @Test func topLevelIsTheMeanOverJoints() {
        let report = MetricsReport(signals: fullSignals())
        let pan = report.joints["shoulder_pan"]!, elbow = report.joints["elbow_flex"]!
        #expect(report.continuityCost == (pan.continuityCost + elbow.continuityCost) / 2)
        #expect(report.totalVariationPerSecond == (pan.totalVariationPerSecond + elbow.totalVariationPerSecond) / 2)
        // 1 A and 3 A over 0.99 s: (1 + 9) / 2 · 0.99.
        #expect(abs(report.i2tAmp2Seconds! - 4.95) < 1e-9)
        #expect(pan.range == -2...2)
        #expect(elbow.range == 0...(6.0 / 7))
        #expect(report.jointNames == ["shoulder_pan", "elbow_flex"])
    }

    @Test func absentSignalsLeaveTheirKeysOut() throws {
        let signals = RunSignals(sampleRateHz: 10, joints: [JointSignals(name: "a", command: [0, 1, 0, 1])])
        let object = try #require(JSONSerialization.jsonObject(with: MetricsReport(signals: signals).jsonData())
            as? [String: Any])
        for key in ["rms_jerk", "i2t_amp2_seconds", "peak_temperature_celsius", "seconds_above_60_celsius",
                    "loop_timing"] {
            #expect(object[key] == nil, "\(key) should be absent")
        }
        #expect((object["limiter_activity"] as? [String: Double])?.isEmpty == true)
    }

    @Test func bareCSVUsesEachColumnsOwnRange() throws {
        let table = try CSVTable(parsing: "a\n0\n2\n1\n3\n", path: "x.csv")
        let report = MetricsReport(signals: try RunSignals(table: table, sampleRateHz: 1))
        // Steps 2, −1, 2 in a range of 3: 100 · (4 + 1 + 4) / 9 / 3.
        #expect(abs(report.continuityCost - 100.0 / 3) < 1e-12)
        #expect(report.reversalsPerSecond == 2.0 / 3)
    }

    @Test func robotLimitsReplaceOwnRanges() throws {
        let model = try #require(MotorModel.named("sts3215"))
        let robot = RobotDescription(name: "r", directory: nil, protocolKind: .feetech, baudRate: 1_000_000,
                                     joints: [
            JointDescription(name: "a", id: ServoID(1), model: model, lowerRadians: -1, upperRadians: 1,
                             velocityLimitRadiansPerSecond: 4, gains: ServoGains(p: 16, i: 0, d: 32)),
        ])
        let signals = RunSignals(sampleRateHz: 1, joints: [JointSignals(name: "a", command: [0, 0.5]),
                                                           JointSignals(name: "b", command: [0, 0.5])])
        let ranged = signals.withRanges(from: robot)
        #expect(ranged.joints[0].range == -1...1)
        #expect(ranged.joints[1].range == nil)
        #expect(MetricsReport(signals: ranged).joints["a"]!.continuityCost == 100 * 0.0625)
    }

    @Test func writeThenLoadRoundTrips() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("steady-metrics-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent(MetricsReport.fileName)
        let report = MetricsReport(signals: fullSignals())
        try report.write(to: url)
        #expect(try MetricsReport.load(contentsOf: url) == report)

        try Data("{\"ticks\": 3}".utf8).write(to: url)
        let error = #expect(throws: MetricsInputError.self) {
            try MetricsReport.load(contentsOf: url, displayPath: "run/summary.json")
        }
        #expect(error?.description == "run/summary.json: not a metrics summary: missing 'rate_hz'")
    }

    @Test func summaryIsAlignedAndNamesEveryJoint() {
        let text = MetricsReport(signals: fullSignals()).renderSummary()
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "100 ticks at 100 Hz, 0.99 s")
        let table = Array(lines[1...4])
        #expect(table[0].hasPrefix("joint"))
        #expect(table[1].hasPrefix("shoulder_pan"))
        #expect(table[2].hasPrefix("elbow_flex"))
        #expect(table[3].hasPrefix("mean"))
        #expect(Set(table.map(\.count)).count == 1, "table rows should be equally wide")
        #expect(lines.contains { $0.hasPrefix("limiter: ") && $0.contains("velocity 25.0%") })
        #expect(lines.contains { $0.hasPrefix("loop: ") && $0.hasSuffix("; 1 overrun") })
    }
}
