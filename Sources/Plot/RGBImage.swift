/// An 8-bit RGB raster, row-major, top row first.
public struct RGBImage: Equatable {
    public let width: Int
    public let height: Int
    /// `width * height * 3` bytes: red, green, blue per pixel.
    public var pixels: [UInt8]

    /// An image filled with `color`.
    public init(width: Int, height: Int, color: RGBColor = .white) {
        precondition(width > 0 && height > 0, "an image needs at least one pixel")
        self.width = width
        self.height = height
        pixels = [UInt8](repeating: 0, count: width * height * 3)
        for index in 0..<(width * height) {
            pixels[index * 3] = color.red
            pixels[index * 3 + 1] = color.green
            pixels[index * 3 + 2] = color.blue
        }
    }

    /// An image over existing pixels.
    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(width > 0 && height > 0 && pixels.count == width * height * 3, "pixel count must be width × height × 3")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// The colour at column `x`, row `y`.
    public subscript(x: Int, y: Int) -> RGBColor {
        let index = (y * width + x) * 3
        return RGBColor(red: pixels[index], green: pixels[index + 1], blue: pixels[index + 2])
    }

    /// The image as a PNG file: 8-bit truecolour, no interlace, filter 0 on every row.
    public func pngData() -> [UInt8] {
        var raw = [UInt8]()
        raw.reserveCapacity((width * 3 + 1) * height)
        for row in 0..<height {
            raw.append(0)
            raw += pixels[(row * width * 3)..<((row + 1) * width * 3)]
        }
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header = Self.bigEndian(UInt32(width)) + Self.bigEndian(UInt32(height))
        header += [8, 2, 0, 0, 0]   // bit depth 8, colour type 2 (RGB), deflate, filter set 0, no interlace
        Self.appendChunk("IHDR", header, to: &png)
        Self.appendChunk("IDAT", Deflate.zlib(raw, rowBytes: width * 3 + 1), to: &png)
        Self.appendChunk("IEND", [], to: &png)
        return png
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    static func appendChunk(_ type: String, _ data: [UInt8], to png: inout [UInt8]) {
        let typeBytes = Array(type.utf8)
        png += bigEndian(UInt32(data.count))
        png += typeBytes
        png += data
        png += bigEndian(CRC32.checksum(data, continuing: CRC32.checksum(typeBytes)))
    }
}

/// An opaque 8-bit RGB colour.
public struct RGBColor: Equatable, Hashable {
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8

    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// A colour from `0xRRGGBB`.
    public init(hex: UInt32) {
        self.init(red: UInt8(hex >> 16 & 0xFF), green: UInt8(hex >> 8 & 0xFF), blue: UInt8(hex & 0xFF))
    }

    /// This colour mixed with `other`: `amount` 0 keeps this colour, 1 gives `other`.
    public func mixed(with other: RGBColor, amount: Double) -> RGBColor {
        func mix(_ a: UInt8, _ b: UInt8) -> UInt8 {
            UInt8(max(0, min(255, (Double(a) + (Double(b) - Double(a)) * amount).rounded())))
        }
        return RGBColor(red: mix(red, other.red), green: mix(green, other.green), blue: mix(blue, other.blue))
    }

    public static let white = RGBColor(hex: 0xFFFFFF)
    public static let black = RGBColor(hex: 0x000000)
    public static let gridGray = RGBColor(hex: 0xE6E6E6)
    public static let axisGray = RGBColor(hex: 0x444444)
    public static let textGray = RGBColor(hex: 0x222222)

    /// Matplotlib's "tab10" cycle: distinct, colour-blind-tolerant series colours.
    public static let palette: [RGBColor] = [
        0x1F77B4, 0xFF7F0E, 0x2CA02C, 0xD62728, 0x9467BD, 0x8C564B, 0xE377C2, 0x7F7F7F, 0xBCBD22, 0x17BECF,
    ].map { RGBColor(hex: $0) }

    /// The `index`-th series colour, cycling through `palette`.
    public static func paletteColor(_ index: Int) -> RGBColor { palette[index % palette.count] }
}
