import Foundation

extension MetricsReport {
    /// A terminal summary readable in five seconds: the run's length, one aligned row per joint
    /// plus the mean, then one line each for thermal wear, the limiter and loop timing when logged.
    ///
    /// ```
    /// 30000 ticks at 1000 Hz, 29.999 s
    /// joint          continuity  spectral  reversals/s  variation/s
    /// shoulder_pan     0.001234   0.01234        1.200       0.5200
    /// mean             …
    /// limiter: velocity 12.0%, jerk 3.1%
    /// loop: 999.8 Hz achieved; lateness p50 12 µs, p99 80 µs, p99.9 150 µs, max 400 µs; 2 overruns
    /// ```
    public func renderSummary() -> String {
        var header = ["joint", "continuity", "spectral", "reversals/s", "variation/s"]
        let hasJerk = rmsJerk != nil, hasCurrent = i2tAmp2Seconds != nil
        let hasTemperature = peakTemperatureCelsius != nil
        if hasJerk { header.append("jerk/s³") }
        if hasCurrent { header.append("I²t A²s") }
        if hasTemperature { header += ["peak °C", ">60°C s"] }

        func row(_ name: String, _ values: [Double?]) -> [String] {
            [name] + values.map { $0.map(Self.number) ?? "–" }
        }
        func columns(_ m: JointMetrics) -> [Double?] {
            var values: [Double?] = [m.continuityCost, m.spectralSmoothness, m.reversalsPerSecond,
                                     m.totalVariationPerSecond]
            if hasJerk { values.append(m.rmsJerk) }
            if hasCurrent { values.append(m.i2tAmp2Seconds) }
            if hasTemperature { values += [m.peakTemperatureCelsius, m.secondsAbove60Celsius] }
            return values
        }
        var rows = [header]
        for name in jointNames {
            if let metrics = joints[name] { rows.append(row(name, columns(metrics))) }
        }
        var means: [Double?] = [continuityCost, spectralSmoothness, reversalsPerSecond, totalVariationPerSecond]
        if hasJerk { means.append(rmsJerk) }
        if hasCurrent { means.append(i2tAmp2Seconds) }
        if hasTemperature { means += [peakTemperatureCelsius, secondsAbove60Celsius] }
        rows.append(row("mean", means))

        var lines = ["\(ticks) ticks at \(Self.number(rateHz)) Hz, \(Self.number(durationSeconds)) s"]
        lines += Self.aligned(rows)
        if !limiterActivity.isEmpty {
            let stages = limiterActivity.sorted { $0.key < $1.key }
                .map { "\($0.key) \(String(format: "%.1f", $0.value * 100))%" }
            lines.append("limiter: " + stages.joined(separator: ", "))
        }
        if let loop = loopTiming {
            func us(_ value: Double) -> String { "\(Self.number(value)) µs" }
            lines.append("loop: \(Self.number(loop.achievedRateHz)) Hz achieved; lateness p50 "
                + "\(us(loop.latenessP50Microseconds)), p99 \(us(loop.latenessP99Microseconds)), "
                + "p99.9 \(us(loop.latenessP999Microseconds)), max \(us(loop.latenessMaxMicroseconds)); "
                + "\(loop.overruns) overrun\(loop.overruns == 1 ? "" : "s")")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Four significant digits, without exponent clutter for ordinary magnitudes.
    static func number(_ value: Double) -> String {
        String(format: "%.4g", value)
    }

    /// Left-aligns the first column and right-aligns the rest, two spaces apart.
    static func aligned(_ rows: [[String]]) -> [String] {
        let widthCount = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: widthCount)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        return rows.map { row in
            row.enumerated().map { index, cell in
                let padding = String(repeating: " ", count: widths[index] - cell.count)
                return index == 0 ? cell + padding : padding + cell
            }.joined(separator: "  ")
        }
    }
}
