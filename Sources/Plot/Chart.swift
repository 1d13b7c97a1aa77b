/// A chart — line, scatter or grouped bars — drawn to a PNG without any outside library.
///
/// Build it up by value, then render or write it:
/// ```swift
/// let chart = Chart(title: "Return vs sampling interval", xLabel: "interval (steps)", yLabel: "return")
///     .xScale(.log2)
///     .line(series: [LineSeries(name: "gSDE", x: [1, 2, 4], y: [-900, -400, -250], spread: [40, 30, 20])])
/// try chart.writePNG(to: URL(fileURLWithPath: "return.png"), width: 800, height: 500)
/// ```
/// Lines and scatter points share numeric axes and may be combined; bars use a categorical x axis.
public struct Chart {
    public var title: String
    public var xAxis: Axis
    public var yAxis: Axis
    public var legend: LegendPosition = .best
    var lines: [LineSeries] = []
    var errorStyle: ErrorStyle = .band
    var points: [ScatterPoint] = []
    var front: ParetoFront?
    var barGroups: BarGroups?

    /// An empty chart with a title and axis labels (each may be empty).
    public init(title: String, xLabel: String = "", yLabel: String = "") {
        self.title = title
        xAxis = Axis(label: xLabel)
        yAxis = Axis(label: yLabel)
    }

    /// Adds line series (one colour and marker each); `errors` draws their spreads as a shaded
    /// band or as error bars.
    public func line(series: [LineSeries], errors: ErrorStyle = .band) -> Chart {
        var chart = self
        chart.lines += series
        chart.errorStyle = errors
        return chart
    }

    /// Adds scatter points, coloured by `group`; with `front`, the Pareto-optimal points are
    /// ringed and joined by a dashed step line.
    public func scatter(points: [ScatterPoint], front: ParetoFront? = nil) -> Chart {
        var chart = self
        chart.points += points
        chart.front = front
        return chart
    }

    /// Makes this a grouped bar chart: one group per category, one bar per series, value labels
    /// above the bars when `valueLabels`.
    public func bars(categories: [String], series: [BarSeries], valueLabels: Bool = true) -> Chart {
        precondition(series.allSatisfy { $0.values.count == categories.count }, "each bar series needs one value per category")
        var chart = self
        chart.barGroups = BarGroups(categories: categories, series: series, valueLabels: valueLabels)
        return chart
    }

    /// Sets how the x axis maps values (`.log2` for sampling intervals 1…64).
    public func xScale(_ scale: AxisScale) -> Chart {
        var chart = self
        chart.xAxis.scale = scale
        return chart
    }

    /// Replaces the x axis' automatic ticks by these values and labels.
    public func xTicks(_ ticks: [Tick]) -> Chart {
        var chart = self
        chart.xAxis.ticks = ticks
        return chart
    }

    /// Replaces the y axis' automatic ticks by these values and labels (ticks outside the
    /// range are not drawn).
    public func yTicks(_ ticks: [Tick]) -> Chart {
        var chart = self
        chart.yAxis.ticks = ticks
        return chart
    }

    /// Fixes the y axis' range instead of fitting it to the data.
    public func yRange(_ range: ClosedRange<Double>) -> Chart {
        var chart = self
        chart.yAxis.range = range
        return chart
    }
}

/// How an axis maps data values to positions.
public enum AxisScale: Equatable {
    case linear
    /// Base-2 logarithmic; values must be positive.
    case log2
}

/// One axis: its label, scale, optional fixed range and optional hand-set ticks.
public struct Axis {
    public var label: String
    public var scale: AxisScale = .linear
    public var range: ClosedRange<Double>?
    public var ticks: [Tick]?

    public init(label: String, scale: AxisScale = .linear, range: ClosedRange<Double>? = nil, ticks: [Tick]? = nil) {
        self.label = label
        self.scale = scale
        self.range = range
        self.ticks = ticks
    }
}

/// A tick mark at `value` labelled `label`.
public struct Tick: Equatable {
    public var value: Double
    public var label: String
    public init(_ value: Double, _ label: String) {
        self.value = value
        self.label = label
    }
}

/// Where the legend goes; `.best` picks the plot corner that hides the fewest data points.
public enum LegendPosition: Equatable {
    case best, topLeft, topRight, bottomLeft, bottomRight, none
}

/// How a line series' spread (for example ± one standard deviation over seeds) is drawn.
public enum ErrorStyle: Equatable {
    case band, bars
}

/// A marker's shape.
public enum MarkerShape: CaseIterable, Equatable {
    case circle, square, triangle, diamond
}

/// One named line: points `(x[i], y[i])` joined in order, with an optional symmetric spread.
public struct LineSeries {
    public var name: String
    public var x: [Double]
    public var y: [Double]
    /// Half-widths of the error band or bars, one per point.
    public var spread: [Double]?
    public var dashed: Bool
    /// nil: the next palette colour.
    public var color: RGBColor?

    public init(name: String, x: [Double], y: [Double], spread: [Double]? = nil, dashed: Bool = false, color: RGBColor? = nil) {
        precondition(x.count == y.count, "a line series needs as many x as y values")
        precondition(spread == nil || spread!.count == y.count, "a line series' spread needs one value per point")
        self.name = name
        self.x = x
        self.y = y
        self.spread = spread
        self.dashed = dashed
        self.color = color
    }
}

/// One scatter point; points of the same `group` share a colour, a marker and a legend entry.
public struct ScatterPoint {
    public var x: Double
    public var y: Double
    public var group: String
    /// Drawn beside the point when set.
    public var label: String?
    /// Optional half-widths of horizontal and vertical error bars.
    public var xSpread: Double?
    public var ySpread: Double?

    public init(x: Double, y: Double, group: String = "", label: String? = nil, xSpread: Double? = nil, ySpread: Double? = nil) {
        self.x = x
        self.y = y
        self.group = group
        self.label = label
        self.xSpread = xSpread
        self.ySpread = ySpread
    }
}

/// One bar series: a value (and optional spread) per category.
public struct BarSeries {
    public var name: String
    public var values: [Double]
    public var spread: [Double]?

    public init(name: String, values: [Double], spread: [Double]? = nil) {
        precondition(spread == nil || spread!.count == values.count, "a bar series' spread needs one value per category")
        self.name = name
        self.values = values
        self.spread = spread
    }
}

struct BarGroups {
    var categories: [String]
    var series: [BarSeries]
    var valueLabels: Bool
}
