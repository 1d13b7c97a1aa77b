/// A point in output-pixel coordinates: x to the right, y down, origin at the top-left corner.
public struct Point: Equatable {
    public var x: Double
    public var y: Double
    public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }
}

/// A supersampled raster that charts draw on; `image()` box-filters it down, which anti-aliases
/// every edge without per-primitive coverage code.
///
/// Coordinates are output pixels (Doubles); the canvas keeps `scale × scale` samples per pixel.
public struct Canvas {
    public let width: Int
    public let height: Int
    public let scale: Int
    var samples: [UInt8]
    let sampleWidth: Int
    let sampleHeight: Int
    /// Drawing is limited to these sample rows and columns (half-open).
    var clipX = 0..<0
    var clipY = 0..<0

    /// A canvas of `width × height` output pixels filled with `background`.
    public init(width: Int, height: Int, scale: Int = 3, background: RGBColor = .white) {
        precondition(width > 0 && height > 0 && scale > 0, "a canvas needs a positive size and scale")
        self.width = width
        self.height = height
        self.scale = scale
        sampleWidth = width * scale
        sampleHeight = height * scale
        samples = [UInt8](repeating: 0, count: sampleWidth * sampleHeight * 3)
        for index in 0..<(sampleWidth * sampleHeight) {
            samples[index * 3] = background.red
            samples[index * 3 + 1] = background.green
            samples[index * 3 + 2] = background.blue
        }
        resetClip()
    }

    /// Limits drawing to the rectangle from `x0, y0` to `x1, y1` (output pixels).
    public mutating func clip(x0: Double, y0: Double, x1: Double, y1: Double) {
        let s = Double(scale)
        clipX = max(0, Int((x0 * s).rounded()))..<min(sampleWidth, max(0, Int((x1 * s).rounded())))
        clipY = max(0, Int((y0 * s).rounded()))..<min(sampleHeight, max(0, Int((y1 * s).rounded())))
    }

    /// Lets drawing reach the whole canvas again.
    public mutating func resetClip() {
        clipX = 0..<sampleWidth
        clipY = 0..<sampleHeight
    }

    /// Blends `color` over the sample at `x, y` (sample coordinates) with opacity `alpha`.
    @inline(__always)
    mutating func blend(_ x: Int, _ y: Int, _ color: RGBColor, _ alpha: Double) {
        guard clipX.contains(x), clipY.contains(y) else { return }
        let index = (y * sampleWidth + x) * 3
        if alpha >= 1 {
            samples[index] = color.red
            samples[index + 1] = color.green
            samples[index + 2] = color.blue
            return
        }
        func mix(_ old: UInt8, _ new: UInt8) -> UInt8 { UInt8((Double(old) + (Double(new) - Double(old)) * alpha).rounded()) }
        samples[index] = mix(samples[index], color.red)
        samples[index + 1] = mix(samples[index + 1], color.green)
        samples[index + 2] = mix(samples[index + 2], color.blue)
    }

    /// Fills the axis-aligned rectangle between two corners (output pixels).
    public mutating func fillRect(x0: Double, y0: Double, x1: Double, y1: Double, color: RGBColor, alpha: Double = 1) {
        let s = Double(scale)
        let left = Int((min(x0, x1) * s).rounded()), right = Int((max(x0, x1) * s).rounded())
        let top = Int((min(y0, y1) * s).rounded()), bottom = Int((max(y0, y1) * s).rounded())
        for y in max(top, clipY.lowerBound)..<max(max(top, clipY.lowerBound), min(bottom, clipY.upperBound)) {
            for x in max(left, clipX.lowerBound)..<max(max(left, clipX.lowerBound), min(right, clipX.upperBound)) {
                blend(x, y, color, alpha)
            }
        }
    }

    /// Fills a disc of `radius` output pixels around `center`.
    public mutating func fillDisc(center: Point, radius: Double, color: RGBColor) {
        let s = Double(scale)
        let cx = center.x * s, cy = center.y * s, r = radius * s
        let r2 = r * r
        for y in Int((cy - r).rounded(.down))...Int((cy + r).rounded(.up)) {
            let dy = Double(y) + 0.5 - cy
            for x in Int((cx - r).rounded(.down))...Int((cx + r).rounded(.up)) {
                let dx = Double(x) + 0.5 - cx
                if dx * dx + dy * dy <= r2 { blend(x, y, color, 1) }
            }
        }
    }

    /// Strokes a polyline `width` output pixels wide with round joins and caps; `dash` gives
    /// alternating on/off lengths in output pixels (nil: solid).
    public mutating func strokePolyline(_ points: [Point], width: Double, color: RGBColor, dash: [Double]? = nil) {
        guard let first = points.first else { return }
        let radius = max(width / 2, 0.5 / Double(scale))
        let step = 0.5 / Double(scale)                     // half a sample between stamps
        var dashIndex = 0
        var dashLeft = dash?.first ?? .infinity
        var previous = first
        if dash == nil { fillDisc(center: first, radius: radius, color: color) }
        for point in points.dropFirst() {
            let dx = point.x - previous.x, dy = point.y - previous.y
            let length = (dx * dx + dy * dy).squareRoot()
            guard length.isFinite else { previous = point; continue }
            var travelled = 0.0
            while travelled < length {
                let advance = min(step, length - travelled, dashLeft)
                travelled += advance
                dashLeft -= advance
                if dashLeft <= 0, let dash {
                    dashIndex = (dashIndex + 1) % dash.count
                    dashLeft = dash[dashIndex]
                }
                if dashIndex % 2 == 0 {
                    let t = travelled / length
                    fillDisc(center: Point(previous.x + dx * t, previous.y + dy * t), radius: radius, color: color)
                }
            }
            previous = point
        }
    }

    /// Fills a polygon (even-odd rule) with `color` at opacity `alpha`; each sample is blended once.
    public mutating func fillPolygon(_ points: [Point], color: RGBColor, alpha: Double = 1) {
        guard points.count >= 3 else { return }
        let s = Double(scale)
        let scaled = points.map { Point($0.x * s, $0.y * s) }
        let top = max(clipY.lowerBound, Int(scaled.map(\.y).min()!.rounded(.down)))
        let bottom = min(clipY.upperBound - 1, Int(scaled.map(\.y).max()!.rounded(.up)))
        guard top <= bottom else { return }
        var crossings = [Double]()
        for y in top...bottom {
            let sampleY = Double(y) + 0.5
            crossings.removeAll(keepingCapacity: true)
            for index in scaled.indices {
                let a = scaled[index], b = scaled[(index + 1) % scaled.count]
                if (a.y <= sampleY) != (b.y <= sampleY) {
                    crossings.append(a.x + (sampleY - a.y) / (b.y - a.y) * (b.x - a.x))
                }
            }
            crossings.sort()
            var pair = 0
            while pair + 1 < crossings.count {
                let start = max(clipX.lowerBound, Int((crossings[pair] - 0.5).rounded(.up)))
                let end = min(clipX.upperBound - 1, Int((crossings[pair + 1] - 0.5).rounded(.down)))
                if start <= end { for x in start...end { blend(x, y, color, alpha) } }
                pair += 2
            }
        }
    }

    /// The canvas box-filtered down to output pixels.
    public func image() -> RGBImage {
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        let area = scale * scale
        for y in 0..<height {
            for x in 0..<width {
                var sums = (0, 0, 0)
                for sy in (y * scale)..<((y + 1) * scale) {
                    var index = (sy * sampleWidth + x * scale) * 3
                    for _ in 0..<scale {
                        sums.0 += Int(samples[index])
                        sums.1 += Int(samples[index + 1])
                        sums.2 += Int(samples[index + 2])
                        index += 3
                    }
                }
                let out = (y * width + x) * 3
                pixels[out] = UInt8((sums.0 + area / 2) / area)
                pixels[out + 1] = UInt8((sums.1 + area / 2) / area)
                pixels[out + 2] = UInt8((sums.2 + area / 2) / area)
            }
        }
        return RGBImage(width: width, height: height, pixels: pixels)
    }
}
