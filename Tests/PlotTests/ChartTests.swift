import Foundation
import Testing
@testable import Plot

@Suite("Chart layout and drawing")
struct ChartTests {
    @Test("Nice ticks step by 1, 2, 2.5 or 5 times a power of ten and cover the range")
    func niceTicks() {
        #expect(Ticks.nice(low: 0, high: 10, target: 5).values == [0, 2, 4, 6, 8, 10])
        #expect(Ticks.nice(low: -1537, high: -120, target: 6).step == 250)
        #expect(Ticks.nice(low: -1537, high: -120, target: 6).values == [-1500, -1250, -1000, -750, -500, -250])
        // (0.094 − 0.013) / 4 = 0.02025: 2.025 × 0.01 rounds up to the 2.5 step.
        let small = Ticks.nice(low: 0.013, high: 0.094, target: 4)
        #expect(abs(small.step - 0.025) < 1e-15)
        #expect(small.values.count == 3 && abs(small.values[0] - 0.025) < 1e-12 && abs(small.values[2] - 0.075) < 1e-12)
        #expect(Ticks.decimals(forStep: 0.25) == 2)
        #expect(Ticks.decimals(forStep: 2.5) == 1)
        #expect(Ticks.decimals(forStep: 0.2) == 1)
        #expect(Ticks.decimals(forStep: 50) == 0)
        #expect(Ticks.powersOfTwo(low: 0.8, high: 80) == [1, 2, 4, 8, 16, 32, 64])
    }

    @Test("Labels are formatted without Foundation: rounding, signs, no negative zero")
    func numberFormat() {
        #expect(Ticks.format(-1500, decimals: 0) == "-1500")
        #expect(Ticks.format(0.05, decimals: 2) == "0.05")
        #expect(Ticks.format(-0.0001, decimals: 2) == "0.00")
        #expect(Ticks.format(1.25, decimals: 1) == "1.3")
        #expect(Ticks.format(-2.5, decimals: 1) == "-2.5")
        #expect(Ticks.format(0.8523) == "0.852")
        #expect(Ticks.format(-153.21) == "-153")
        #expect(Ticks.format(12.5) == "12.5")
        #expect(Ticks.format(2.5e-5) == "2.50e-5")
    }

    @Test("The Pareto front keeps exactly the non-dominated points")
    func paretoFront() {
        // (cost, return): lower cost and higher return are better.
        let points: [(x: Double, y: Double)] = [(1, -900), (2, -300), (3, -350), (4, -200), (0.5, -1200), (4, -250), (.nan, 0)]
        let front = ParetoFront(x: .minimize, y: .maximize)
        #expect(front.indices(of: points) == [4, 0, 1, 3])
        #expect(ParetoFront(x: .maximize, y: .maximize).indices(of: points) == [3])
        let step = front.stepLine([(1, -900), (2, -300)])
        #expect(step.map(\.x) == [1, 2, 2] && step.map(\.y) == [-900, -900, -300])
    }

    @Test("Every glyph has seven or eight rows of five columns")
    func font() {
        #expect(BitmapFont.ascii.count == 95)
        for glyph in BitmapFont.ascii { #expect((7...8).contains(glyph.count) && glyph.allSatisfy { $0 < 32 }) }
        #expect(BitmapFont.glyph("A") == [0x0E, 0x11, 0x11, 0x11, 0x1F, 0x11, 0x11])
        #expect(BitmapFont.glyph("€") == BitmapFont.glyph("?"))
        for extra in "±²×·σδ" { #expect(BitmapFont.glyph(extra) != BitmapFont.glyph("?"), "\(extra)") }
        #expect(BitmapFont.width(of: "ab", size: 2) == 22)
    }

    @Test("Lines land where the axis maps put them; log2 spaces doublings evenly")
    func lineChartPixels() {
        let chart = Chart(title: "T", xLabel: "interval", yLabel: "return").xScale(.log2)
            .line(series: [LineSeries(name: "a", x: [1, 4, 64], y: [0, 5, 10])])
        let image = chart.render(width: 400, height: 300)
        let map = AxisMap(low: 1, high: 64, scale: .log2, pixelLow: 0, pixelHigh: 600)
        #expect(abs(map.pixel(8) - 300) < 1e-9 && abs(map.pixel(2) - 100) < 1e-9)
        // The corner outside the plot is background; somewhere the first palette colour appears.
        #expect(image[0, 0] == .white)
        let blue = RGBColor.palette[0]
        #expect((0..<(400 * 300)).contains { image[$0 % 400, $0 / 400] == blue })
        // The title is drawn in black near the top centre.
        #expect((0..<40).contains { y in (150..<250).contains { x in image[x, y] == .black } })
    }

    @Test("A title too long for the image shrinks, then is cut short, and stays inside it")
    func longTitleFits() {
        // 4 × 11 characters fit at one pixel per font pixel (263 of 282 px); 8 × 11 do not.
        for repeats in [4, 8] {
            let title = String(repeating: "wide title ", count: repeats)
            let image = Chart(title: title).line(series: [LineSeries(name: "", x: [0, 1], y: [0, 1])]).render(width: 300, height: 200)
            let titleRows = 0..<20
            #expect(titleRows.contains { y in (0..<300).contains { image[$0, y] == .black } })
            #expect(titleRows.allSatisfy { y in (0..<5).allSatisfy { image[$0, y] == .white && image[299 - $0, y] == .white } })
        }
    }

    @Test("Grouped bars get one colour per series and value labels")
    func barChart() {
        let chart = Chart(title: "", yLabel: "success").bars(categories: ["sim", "real"],
            series: [BarSeries(name: "zero-shot", values: [0.9, 0.4]), BarSeries(name: "tuned", values: [0.95, 0.8])])
        let image = chart.render(width: 320, height: 240)
        for color in RGBColor.palette.prefix(2) {
            #expect((0..<(320 * 240)).contains { image[$0 % 320, $0 / 320] == color })
        }
        #expect(chart.legendEntries.map(\.name) == ["zero-shot", "tuned"])
    }

    @Test("Hand-set y ticks replace the automatic ones, and those outside the range are dropped")
    func handSetYTicks() {
        let chart = Chart(title: "", yLabel: "success %").yRange(0...130)
            .yTicks([Tick(0, "0"), Tick(50, "half"), Tick(100, "100"), Tick(150, "150")])
        let domain = chart.domain(of: chart.yAxis, extent: (10, 90), bars: true)
        #expect(domain == (0, 130))
        #expect(chart.ticks(of: chart.yAxis, domain: domain, target: 6).map(\.label) == ["0", "half", "100"])
    }

    @Test("Scatter legends list groups and the front; the chart PNG parses")
    func scatterChart() throws {
        let points = [ScatterPoint(x: 0.1, y: -200, group: "gSDE"), ScatterPoint(x: 0.3, y: -150, group: "gaussian"),
                      ScatterPoint(x: 0.05, y: -600, group: "gSDE", label: "64")]
        let chart = Chart(title: "trade-off").scatter(points: points, front: ParetoFront(x: .minimize, y: .maximize))
        #expect(chart.legendEntries.map(\.name) == ["gSDE", "gaussian", "Pareto front"])
        let decoded = try decodeRGBPNG(chart.pngData(width: 300, height: 200))
        #expect(decoded.width == 300 && decoded.pixels.count == 300 * 200 * 3)
    }
}
