import Foundation
import Testing
@testable import Plot

/// Charts shaped like the exploration study's, rendered at README size. Set PLOT_PREVIEW_DIR to
/// keep the PNGs for a look.
@Suite("Example charts")
struct ExampleChartTests {
    static let intervals: [Double] = [1, 2, 4, 8, 16, 64, 200]
    static let intervalTicks = [1, 2, 4, 8, 16, 64].map { Tick($0, Ticks.format($0)) } + [Tick(200, "episode")]

    static var charts: [(String, Chart)] {
        let line = Chart(title: "Pendulum: return vs noise sampling interval", xLabel: "sampling interval (steps, log2)",
                         yLabel: "final return")
            .xScale(.log2).xTicks(intervalTicks)
            .line(series: [
                LineSeries(name: "gSDE", x: intervals, y: [-420, -300, -210, -180, -190, -260, -330], spread: [60, 50, 30, 25, 40, 70, 90]),
                LineSeries(name: "param noise + LN", x: intervals, y: [-700, -520, -380, -300, -280, -350, -420], spread: [90, 80, 60, 40, 45, 60, 80]),
                LineSeries(name: "param noise", x: intervals, y: [-800, -650, -480, -410, -390, -420, -520], spread: [100, 70, 80, 60, 65, 70, 100]),
                LineSeries(name: "gaussian (per step)", x: [1, 200], y: [-190, -190], dashed: true),
            ])
        let front = ParetoFront(x: .minimize, y: .maximize)
        let scatter = Chart(title: "Return vs continuity cost", xLabel: "continuity cost (exploring policy)", yLabel: "final return")
            .scatter(points: [
                ScatterPoint(x: 0.42, y: -190, group: "gaussian", label: "1", xSpread: 0.03, ySpread: 20),
                ScatterPoint(x: 0.38, y: -240, group: "OU", label: "1"),
                ScatterPoint(x: 0.12, y: -210, group: "gSDE", label: "4"),
                ScatterPoint(x: 0.07, y: -180, group: "gSDE", label: "8"),
                ScatterPoint(x: 0.04, y: -260, group: "gSDE", label: "64"),
                ScatterPoint(x: 0.09, y: -300, group: "param noise", label: "8"),
                ScatterPoint(x: 0.03, y: -520, group: "param noise", label: "64"),
            ], front: front)
        let bars = Chart(title: "Reach success by condition", yLabel: "success rate")
            .bars(categories: ["sim", "sim + randomization", "shifted twin", "real (twin)"], series: [
                BarSeries(name: "zero-shot", values: [0.96, 0.9, 0.55, 0.5], spread: [0.02, 0.04, 0.1, 0.08]),
                BarSeries(name: "fine-tuned", values: [0.97, 0.94, 0.85, 0.81]),
            ])
        return [("line", line), ("scatter", scatter), ("bars", bars)]
    }

    @Test("The study's chart kinds render at 800×500 and decode")
    func examples() throws {
        let preview = ProcessInfo.processInfo.environment["PLOT_PREVIEW_DIR"]
        for (name, chart) in Self.charts {
            let png = chart.pngData(width: 800, height: 500)
            let decoded = try decodeRGBPNG(png)
            #expect(decoded.width == 800 && decoded.height == 500, "\(name)")
            // A real chart: mostly white, but with many coloured pixels.
            let colored = stride(from: 0, to: decoded.pixels.count, by: 3).filter { decoded.pixels[$0] != decoded.pixels[$0 + 2] }.count
            #expect(colored > 400, "\(name): \(colored) coloured pixels")
            if let preview { try chart.writePNG(to: URL(fileURLWithPath: preview).appendingPathComponent("\(name).png")) }
        }
    }
}
