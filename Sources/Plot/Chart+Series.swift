extension Chart {
    func lineColor(_ index: Int) -> RGBColor { lines[index].color ?? RGBColor.paletteColor(index) }

    func lineMarker(_ index: Int) -> MarkerShape { MarkerShape.allCases[index % MarkerShape.allCases.count] }

    /// Scatter groups in order of first appearance.
    var groups: [String] {
        var seen = [String]()
        for point in points where !seen.contains(point.group) { seen.append(point.group) }
        return seen
    }

    /// Scatter groups continue the palette after the line series.
    func groupColor(_ index: Int) -> RGBColor { RGBColor.paletteColor(lines.count + index) }

    func groupMarker(_ index: Int) -> MarkerShape { MarkerShape.allCases[(lines.count + index) % MarkerShape.allCases.count] }

    func usable(_ x: Double, _ y: Double) -> Bool {
        x.isFinite && y.isFinite && (xAxis.scale != .log2 || barGroups != nil || x > 0) && (yAxis.scale != .log2 || y > 0)
    }

    func drawLines(on canvas: inout Canvas, frame: Frame, style: ChartStyle) {
        for (index, series) in lines.enumerated() {
            let color = lineColor(index)
            let kept = series.x.indices.filter { usable(series.x[$0], series.y[$0]) }
            if let spread = series.spread, errorStyle == .band, kept.count > 1 {
                let upper = kept.map { frame.point(series.x[$0], series.y[$0] + spread[$0]) }
                let lower = kept.reversed().map { frame.point(series.x[$0], series.y[$0] - spread[$0]) }
                canvas.fillPolygon(upper + lower, color: color, alpha: 0.18)
            }
            if let spread = series.spread, errorStyle == .bars {
                for i in kept { drawErrorBar(on: &canvas, frame: frame, x: series.x[i], y: series.y[i], spread: spread[i], color: color, style: style) }
            }
            canvas.strokePolyline(kept.map { frame.point(series.x[$0], series.y[$0]) }, width: style.lineWidth, color: color,
                                  dash: series.dashed ? [6 * style.unit, 4 * style.unit] : nil)
            for i in kept {
                canvas.drawMarker(lineMarker(index), at: frame.point(series.x[i], series.y[i]), radius: style.markerRadius,
                                  color: color, outline: .white, outlineWidth: style.unit)
            }
        }
    }

    func drawErrorBar(on canvas: inout Canvas, frame: Frame, x: Double, y: Double, spread: Double, color: RGBColor,
                      style: ChartStyle, horizontal: Bool = false) {
        guard spread.isFinite, spread > 0 else { return }
        let cap = 3.5 * style.unit
        if horizontal {
            let a = frame.point(x - spread, y), b = frame.point(x + spread, y)
            canvas.strokePolyline([a, b], width: style.unit * 1.2, color: color)
            for end in [a, b] { canvas.strokePolyline([Point(end.x, end.y - cap), Point(end.x, end.y + cap)], width: style.unit * 1.2, color: color) }
        } else {
            let a = frame.point(x, y - spread), b = frame.point(x, y + spread)
            canvas.strokePolyline([a, b], width: style.unit * 1.2, color: color)
            for end in [a, b] { canvas.strokePolyline([Point(end.x - cap, end.y), Point(end.x + cap, end.y)], width: style.unit * 1.2, color: color) }
        }
    }

    func drawScatter(on canvas: inout Canvas, frame: Frame, style: ChartStyle) {
        let names = groups
        let kept = points.indices.filter { usable(points[$0].x, points[$0].y) }
        let frontIndices = front.map { front in
            front.indices(of: kept.map { (points[$0].x, points[$0].y) }).map { kept[$0] }
        } ?? []
        if let front, frontIndices.count > 1 {
            let step = front.stepLine(frontIndices.map { (points[$0].x, points[$0].y) })
            canvas.strokePolyline(step.map { frame.point($0.x, $0.y) }, width: style.unit * 1.5, color: .black,
                                  dash: [5 * style.unit, 4 * style.unit])
        }
        for index in kept {
            let point = points[index]
            let group = names.firstIndex(of: point.group)!
            if let spread = point.ySpread { drawErrorBar(on: &canvas, frame: frame, x: point.x, y: point.y, spread: spread, color: groupColor(group), style: style) }
            if let spread = point.xSpread {
                drawErrorBar(on: &canvas, frame: frame, x: point.x, y: point.y, spread: spread, color: groupColor(group), style: style, horizontal: true)
            }
        }
        for index in kept {
            let point = points[index]
            let group = names.firstIndex(of: point.group)!
            let onFront = frontIndices.contains(index)
            canvas.drawMarker(groupMarker(group), at: frame.point(point.x, point.y),
                              radius: style.markerRadius * (onFront ? 1.4 : 1.1), color: groupColor(group),
                              outline: onFront ? .black : .white, outlineWidth: style.unit * (onFront ? 1.6 : 1))
        }
        canvas.resetClip()
        for index in kept {
            guard let label = points[index].label, !label.isEmpty else { continue }
            let at = frame.point(points[index].x, points[index].y)
            canvas.drawText(label, at: Point(at.x + style.markerRadius + 2 * style.unit, at.y - style.markerRadius),
                            size: style.smallSize, color: .axisGray, anchor: .bottomLeft)
        }
        canvas.clip(x0: frame.left, y0: frame.top, x1: frame.right, y1: frame.bottom)
    }

    func drawBars(on canvas: inout Canvas, frame: Frame, style: ChartStyle) {
        guard let groups = barGroups, !groups.series.isEmpty else { return }
        let groupWidth = 0.8, barWidth = groupWidth / Double(groups.series.count)
        let zero = frame.y.pixel(0)
        for (seriesIndex, series) in groups.series.enumerated() {
            let color = RGBColor.paletteColor(seriesIndex)
            for (category, value) in series.values.enumerated() where value.isFinite {
                let start = Double(category) - groupWidth / 2 + Double(seriesIndex) * barWidth
                let x0 = frame.x.pixel(start + barWidth * 0.06), x1 = frame.x.pixel(start + barWidth * 0.94)
                let top = frame.y.pixel(value)
                canvas.fillRect(x0: x0, y0: min(top, zero), x1: x1, y1: max(top, zero), color: color)
                let center = start + barWidth / 2
                var labelY = top
                if let spread = series.spread?[category], spread.isFinite, spread > 0 {
                    drawErrorBar(on: &canvas, frame: frame, x: center, y: value, spread: spread, color: .axisGray, style: style)
                    labelY = frame.y.pixel(value >= 0 ? value + spread : value - spread)
                }
                if groups.valueLabels {
                    canvas.drawText(Ticks.format(value), at: Point(frame.x.pixel(center), labelY + (value >= 0 ? -3 : 3) * style.unit),
                                    size: style.smallSize, color: .textGray, anchor: value >= 0 ? .bottom : .top)
                }
            }
        }
        canvas.fillRect(x0: frame.left, y0: zero - 0.6 * style.unit, x1: frame.right, y1: zero + 0.6 * style.unit, color: .axisGray)
    }
}

extension Canvas {
    /// Draws a marker centred on `center`, ringed by `outline` `outlineWidth` pixels wide.
    public mutating func drawMarker(_ shape: MarkerShape, at center: Point, radius: Double, color: RGBColor,
                                    outline: RGBColor? = nil, outlineWidth: Double = 1) {
        if let outline { fillMarker(shape, center, radius + outlineWidth * (shape == .circle ? 1 : 1.4), outline) }
        fillMarker(shape, center, radius, color)
    }

    private mutating func fillMarker(_ shape: MarkerShape, _ c: Point, _ r: Double, _ color: RGBColor) {
        switch shape {
        case .circle: fillDisc(center: c, radius: r, color: color)
        case .square:
            let h = r * 0.88
            fillRect(x0: c.x - h, y0: c.y - h, x1: c.x + h, y1: c.y + h, color: color)
        case .triangle:
            let h = r * 1.2
            fillPolygon([Point(c.x, c.y - h), Point(c.x + h * 0.95, c.y + h * 0.65), Point(c.x - h * 0.95, c.y + h * 0.65)], color: color)
        case .diamond:
            let h = r * 1.25
            fillPolygon([Point(c.x, c.y - h), Point(c.x + h * 0.8, c.y), Point(c.x, c.y + h), Point(c.x - h * 0.8, c.y)], color: color)
        }
    }
}
