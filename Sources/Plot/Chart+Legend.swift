/// One legend row: a sample of how the entry is drawn and its name.
struct LegendEntry {
    enum Sample {
        case line(RGBColor, MarkerShape, dashed: Bool)
        case marker(RGBColor, MarkerShape)
        case box(RGBColor)
        case front
    }
    let name: String
    let sample: Sample
}

extension Chart {
    var legendEntries: [LegendEntry] {
        var entries = lines.enumerated().map {
            LegendEntry(name: $0.element.name, sample: .line(lineColor($0.offset), lineMarker($0.offset), dashed: $0.element.dashed))
        }
        let names = groups
        if names.count > 1 || names.first.map({ !$0.isEmpty }) == true {
            entries += names.enumerated().map { LegendEntry(name: $0.element, sample: .marker(groupColor($0.offset), groupMarker($0.offset))) }
        }
        if front != nil, !points.isEmpty { entries.append(LegendEntry(name: "Pareto front", sample: .front)) }
        for (index, series) in (barGroups?.series ?? []).enumerated() {
            entries.append(LegendEntry(name: series.name, sample: .box(RGBColor.paletteColor(index))))
        }
        return entries.filter { !$0.name.isEmpty }
    }

    /// Pixel positions of the data, for choosing the legend corner that hides least of it.
    func dataPixels(_ frame: Frame) -> [Point] {
        var pixels = [Point]()
        for series in lines {
            let kept = series.x.indices.filter { usable(series.x[$0], series.y[$0]) }.map { frame.point(series.x[$0], series.y[$0]) }
            for (a, b) in zip(kept, kept.dropFirst()) {
                for step in 0..<12 {
                    let t = Double(step) / 12
                    pixels.append(Point(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t))
                }
            }
            pixels += kept.suffix(1)
        }
        pixels += points.filter { usable($0.x, $0.y) }.map { frame.point($0.x, $0.y) }
        for series in barGroups?.series ?? [] {
            for (category, value) in series.values.enumerated() where value.isFinite {
                let zero = frame.y.pixel(0), top = frame.y.pixel(value)
                for step in 0...8 { pixels.append(Point(frame.x.pixel(Double(category)), zero + (top - zero) * Double(step) / 8)) }
            }
        }
        return pixels
    }

    func drawLegend(on canvas: inout Canvas, frame: Frame, style: ChartStyle) {
        let entries = legendEntries
        guard legend != .none, !entries.isEmpty else { return }
        let rowHeight = style.textHeight(style.tickSize) + 7 * style.unit
        let sampleWidth = 26 * style.unit
        let textWidth = entries.map { BitmapFont.width(of: $0.name, size: style.tickSize) }.max() ?? 0
        let boxWidth = style.pad + sampleWidth + style.pad * 0.6 + textWidth + style.pad
        let boxHeight = rowHeight * Double(entries.count) + style.pad * 0.8
        let inset = style.pad * 0.8
        let corners: [(LegendPosition, Double, Double)] = [
            (.topRight, frame.right - inset - boxWidth, frame.top + inset),
            (.topLeft, frame.left + inset, frame.top + inset),
            (.bottomRight, frame.right - inset - boxWidth, frame.bottom - inset - boxHeight),
            (.bottomLeft, frame.left + inset, frame.bottom - inset - boxHeight),
        ]
        let pixels = legend == .best ? dataPixels(frame) : []
        let chosen = corners.filter { legend == .best || $0.0 == legend }.min { a, b in
            func hidden(_ corner: (LegendPosition, Double, Double)) -> Int {
                pixels.filter { $0.x >= corner.1 - 4 && $0.x <= corner.1 + boxWidth + 4 && $0.y >= corner.2 - 4 && $0.y <= corner.2 + boxHeight + 4 }.count
            }
            return hidden(a) < hidden(b)
        }!
        let (left, top) = (chosen.1, chosen.2)
        canvas.fillRect(x0: left, y0: top, x1: left + boxWidth, y1: top + boxHeight, color: RGBColor(hex: 0xCCCCCC))
        canvas.fillRect(x0: left + style.unit, y0: top + style.unit, x1: left + boxWidth - style.unit,
                        y1: top + boxHeight - style.unit, color: .white)
        for (row, entry) in entries.enumerated() {
            let y = top + style.pad * 0.4 + rowHeight * (Double(row) + 0.5)
            let sampleLeft = left + style.pad, sampleRight = sampleLeft + sampleWidth
            let middle = Point((sampleLeft + sampleRight) / 2, y)
            switch entry.sample {
            case .line(let color, let shape, let dashed):
                canvas.strokePolyline([Point(sampleLeft, y), Point(sampleRight, y)], width: style.lineWidth, color: color,
                                      dash: dashed ? [6 * style.unit, 4 * style.unit] : nil)
                canvas.drawMarker(shape, at: middle, radius: style.markerRadius, color: color, outline: .white, outlineWidth: style.unit)
            case .marker(let color, let shape):
                canvas.drawMarker(shape, at: middle, radius: style.markerRadius * 1.1, color: color)
            case .box(let color):
                let half = rowHeight * 0.32
                canvas.fillRect(x0: middle.x - half * 1.6, y0: y - half, x1: middle.x + half * 1.6, y1: y + half, color: color)
            case .front:
                canvas.strokePolyline([Point(sampleLeft, y), Point(sampleRight, y)], width: style.unit * 1.5, color: .black,
                                      dash: [5 * style.unit, 4 * style.unit])
                canvas.drawMarker(.circle, at: middle, radius: style.markerRadius, color: .white, outline: .black, outlineWidth: style.unit * 1.6)
            }
            canvas.drawText(entry.name, at: Point(sampleRight + style.pad * 0.6, y), size: style.tickSize, anchor: .left)
        }
    }
}
