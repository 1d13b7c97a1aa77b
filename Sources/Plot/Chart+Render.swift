/// The plot area and the maps of one rendering.
struct Frame {
    let left: Double, top: Double, right: Double, bottom: Double
    let x: AxisMap
    let y: AxisMap
    func point(_ x: Double, _ y: Double) -> Point { Point(self.x.pixel(x), self.y.pixel(y)) }
}

extension Chart {
    /// Renders the chart to an RGB image of `width × height` pixels.
    public func render(width: Int = 800, height: Int = 500) -> RGBImage {
        let style = ChartStyle(width: width, height: height)
        let xDomain = domain(of: xAxis, extent: xExtent(), bars: false)
        let yDomain = domain(of: yAxis, extent: yExtent(), bars: barGroups != nil)
        let yTicks = ticks(of: yAxis, domain: yDomain, target: max(3, Int(Double(height) / 90)))
        let xTicks = barGroups.map { groups in groups.categories.enumerated().map { Tick(Double($0.offset), $0.element) } }
            ?? ticks(of: xAxis, domain: xDomain, target: max(3, Int(Double(width) / 110)))

        let yTickWidth = yTicks.map { BitmapFont.width(of: $0.label, size: style.tickSize) }.max() ?? 0
        let yLabelWidth = yAxis.label.isEmpty ? 0 : style.textHeight(style.labelSize) + style.pad
        let titleHeight = title.isEmpty ? 0 : style.textHeight(style.titleSize) + style.pad
        let xLabelHeight = xAxis.label.isEmpty ? 0 : style.textHeight(style.labelSize) + style.pad * 0.75
        let lastXLabel = xTicks.last.map { BitmapFont.width(of: $0.label, size: style.tickSize) / 2 } ?? 0
        let left = style.pad + yLabelWidth + yTickWidth + style.tickLength + style.pad * 0.5
        let right = Double(width) - max(style.pad * 1.5, lastXLabel + style.pad * 0.5)
        let top = style.pad + titleHeight
        let bottom = Double(height) - (style.pad + xLabelHeight + style.textHeight(style.tickSize) + style.tickLength + style.pad * 0.6)
        let frame = Frame(left: left, top: top, right: right, bottom: bottom,
                          x: AxisMap(low: xDomain.0, high: xDomain.1, scale: barGroups == nil ? xAxis.scale : .linear,
                                     pixelLow: left, pixelHigh: right),
                          y: AxisMap(low: yDomain.0, high: yDomain.1, scale: yAxis.scale, pixelLow: bottom, pixelHigh: top))

        var canvas = Canvas(width: width, height: height, scale: 4)
        drawGrid(on: &canvas, frame: frame, xTicks: barGroups == nil ? xTicks : [], yTicks: yTicks, style: style)
        canvas.clip(x0: frame.left, y0: frame.top, x1: frame.right, y1: frame.bottom)
        drawBars(on: &canvas, frame: frame, style: style)
        drawLines(on: &canvas, frame: frame, style: style)
        drawScatter(on: &canvas, frame: frame, style: style)
        canvas.resetClip()
        drawAxes(on: &canvas, frame: frame, xTicks: xTicks, yTicks: yTicks, style: style)
        if !title.isEmpty {
            canvas.drawText(title, at: Point((frame.left + frame.right) / 2, style.pad), size: style.titleSize,
                            color: .black, anchor: .top)
        }
        drawLegend(on: &canvas, frame: frame, style: style)
        return canvas.image()
    }

    func drawGrid(on canvas: inout Canvas, frame: Frame, xTicks: [Tick], yTicks: [Tick], style: ChartStyle) {
        let half = 0.5 * style.unit
        for tick in yTicks {
            let y = frame.y.pixel(tick.value)
            canvas.fillRect(x0: frame.left, y0: y - half, x1: frame.right, y1: y + half, color: .gridGray)
        }
        for tick in xTicks {
            let x = frame.x.pixel(tick.value)
            canvas.fillRect(x0: x - half, y0: frame.top, x1: x + half, y1: frame.bottom, color: .gridGray)
        }
    }

    func drawAxes(on canvas: inout Canvas, frame: Frame, xTicks: [Tick], yTicks: [Tick], style: ChartStyle) {
        let half = 0.6 * style.unit
        canvas.fillRect(x0: frame.left - half, y0: frame.top - half, x1: frame.right + half, y1: frame.top + half, color: .axisGray)
        canvas.fillRect(x0: frame.left - half, y0: frame.bottom - half, x1: frame.right + half, y1: frame.bottom + half, color: .axisGray)
        canvas.fillRect(x0: frame.left - half, y0: frame.top - half, x1: frame.left + half, y1: frame.bottom + half, color: .axisGray)
        canvas.fillRect(x0: frame.right - half, y0: frame.top - half, x1: frame.right + half, y1: frame.bottom + half, color: .axisGray)
        for tick in yTicks {
            let y = frame.y.pixel(tick.value)
            canvas.fillRect(x0: frame.left - style.tickLength, y0: y - half, x1: frame.left, y1: y + half, color: .axisGray)
            canvas.drawText(tick.label, at: Point(frame.left - style.tickLength - style.pad * 0.4, y),
                            size: style.tickSize, anchor: .right)
        }
        for tick in xTicks {
            let x = frame.x.pixel(tick.value)
            canvas.fillRect(x0: x - half, y0: frame.bottom, x1: x + half, y1: frame.bottom + style.tickLength, color: .axisGray)
            canvas.drawText(tick.label, at: Point(x, frame.bottom + style.tickLength + style.pad * 0.4),
                            size: style.tickSize, anchor: .top)
        }
        if !xAxis.label.isEmpty {
            canvas.drawText(xAxis.label, at: Point((frame.left + frame.right) / 2, Double(canvas.height) - style.pad),
                            size: style.labelSize, color: .black, anchor: .bottom)
        }
        if !yAxis.label.isEmpty {
            canvas.drawText(yAxis.label, at: Point(style.pad, (frame.top + frame.bottom) / 2),
                            size: style.labelSize, color: .black, anchor: .left, rotated: true)
        }
    }
}
