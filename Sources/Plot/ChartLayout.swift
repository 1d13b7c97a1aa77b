#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Text sizes and lengths for one output size, in output pixels.
struct ChartStyle {
    let unit: Double
    var titleSize: Double { snap(2.25 * unit) }
    var labelSize: Double { snap(1.75 * unit) }
    var tickSize: Double { snap(1.5 * unit) }
    var smallSize: Double { snap(1.25 * unit) }
    var pad: Double { 12 * unit }
    var tickLength: Double { 5 * unit }
    var lineWidth: Double { 2 * unit }
    var markerRadius: Double { 4 * unit }

    init(width: Int, height: Int) {
        unit = max(0.75, min(Double(width) / 800, Double(height) / 500))
    }

    /// Font sizes on quarter pixels, so each font pixel covers whole samples of a 4× canvas.
    func snap(_ size: Double) -> Double { max(1, (size * 4).rounded() / 4) }

    func textHeight(_ size: Double) -> Double { Double(BitmapFont.capHeight) * size }
}

/// Maps data values on one axis to output pixels.
struct AxisMap {
    let low: Double
    let high: Double
    let scale: AxisScale
    let pixelLow: Double
    let pixelHigh: Double

    func transformed(_ value: Double) -> Double { scale == .log2 ? log2(value) : value }

    func pixel(_ value: Double) -> Double {
        let a = transformed(low), b = transformed(high)
        return pixelLow + (transformed(value) - a) / (b - a) * (pixelHigh - pixelLow)
    }
}

extension Chart {
    /// The data range of the x axis before padding, or nil when there is no data.
    func xExtent() -> (Double, Double)? {
        if let groups = barGroups { return (-0.5, Double(groups.categories.count) - 0.5) }
        var values = lines.flatMap(\.x)
        values += points.flatMap { [$0.x - ($0.xSpread ?? 0), $0.x + ($0.xSpread ?? 0)] }
        values += (xAxis.ticks ?? []).map(\.value)
        return extent(values, positiveOnly: xAxis.scale == .log2)
    }

    /// The data range of the y axis before padding, or nil when there is no data.
    func yExtent() -> (Double, Double)? {
        var values = [Double]()
        for line in lines {
            for (index, y) in line.y.enumerated() {
                let spread = line.spread?[index] ?? 0
                values += [y - spread, y + spread]
            }
        }
        values += points.flatMap { [$0.y - ($0.ySpread ?? 0), $0.y + ($0.ySpread ?? 0)] }
        for series in barGroups?.series ?? [] {
            for (index, value) in series.values.enumerated() {
                let spread = series.spread?[index] ?? 0
                values += [value - spread, value + spread, 0]
            }
        }
        return extent(values, positiveOnly: yAxis.scale == .log2)
    }

    private func extent(_ values: [Double], positiveOnly: Bool) -> (Double, Double)? {
        let usable = values.filter { $0.isFinite && (!positiveOnly || $0 > 0) }
        guard let low = usable.min(), let high = usable.max() else { return nil }
        return (low, high)
    }

    /// The padded range an axis shows: 5 % beyond the data (linear), a third of an octave (log2),
    /// and for bars from zero with headroom for the value labels.
    func domain(of axis: Axis, extent: (Double, Double)?, bars: Bool) -> (Double, Double) {
        if let range = axis.range { return (range.lowerBound, range.upperBound) }
        guard var (low, high) = extent else { return axis.scale == .log2 ? (1, 2) : (0, 1) }
        if axis.scale == .log2 { return (low / pow(2, 0.33), high * pow(2, 0.33)) }
        if high - low < 1e-12 {
            let half = max(abs(low) * 0.1, 1)
            low -= half
            high += half
        }
        let span = high - low
        if bars { return (low < 0 ? low - 0.08 * span : 0, high > 0 ? high + 0.12 * span : 0) }
        return (low - 0.05 * span, high + 0.05 * span)
    }

    /// The ticks of an axis over `domain`: hand-set ones, powers of two, or 1-2-5 steps.
    func ticks(of axis: Axis, domain: (Double, Double), target: Int) -> [Tick] {
        if let ticks = axis.ticks { return ticks.filter { $0.value >= domain.0 && $0.value <= domain.1 } }
        if axis.scale == .log2 {
            return Ticks.powersOfTwo(low: domain.0, high: domain.1).map { Tick($0, Ticks.format($0)) }
        }
        let (values, step) = Ticks.nice(low: domain.0, high: domain.1, target: target)
        let decimals = Ticks.decimals(forStep: step)
        return values.map { Tick($0, Ticks.format($0, decimals: decimals)) }
    }
}
