import Foundation
import Testing
@testable import Plot

/// A deterministic pseudo-random byte source (64-bit LCG), so test images need no RNG state.
struct ByteSource {
    var state: UInt64
    mutating func next() -> UInt8 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return UInt8(state >> 56)
    }
}

/// An image with flat areas, horizontal and vertical repeats and noise: every match kind.
func testImage(width: Int, height: Int) -> RGBImage {
    var source = ByteSource(state: 42)
    var image = RGBImage(width: width, height: height, color: RGBColor(hex: 0xFAFAFA))
    for y in 0..<height {
        for x in 0..<width {
            let index = (y * width + x) * 3
            if x < width / 3 {
                image.pixels[index] = UInt8(x % 7 * 30); image.pixels[index + 1] = 10; image.pixels[index + 2] = 200
            } else if x > 2 * width / 3 {
                for channel in 0..<3 { image.pixels[index + channel] = source.next() }
            } else if y % 5 == 0 {
                image.pixels[index] = 31; image.pixels[index + 1] = 119; image.pixels[index + 2] = 180
            }
        }
    }
    return image
}

@Suite("PNG encoding")
struct PNGTests {
    @Test("CRC-32 of \"123456789\" is the published check value 0xCBF43926")
    func crcCheckValue() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(bitwiseCRC32(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum(Array("56789".utf8), continuing: CRC32.checksum(Array("1234".utf8))) == 0xCBF4_3926)
    }

    @Test("Adler-32 of \"Wikipedia\" is 0x11E60398, and long inputs match the definition")
    func adlerCheckValue() {
        #expect(Adler32.checksum(Array("Wikipedia".utf8)) == 0x11E6_0398)
        // Past the 5552-byte modulo interval: compare with the definition, reduced every byte.
        var source = ByteSource(state: 7)
        let bytes = (0..<20_000).map { _ in source.next() }
        var a = 1, b = 0
        for byte in bytes { a = (a + Int(byte)) % 65521; b = (b + a) % 65521 }
        #expect(Adler32.checksum(bytes) == UInt32(b << 16 | a))
    }

    @Test("Deflate output inflates back to the input for every kind of match")
    func deflateRoundTrip() throws {
        var source = ByteSource(state: 3)
        var data = [UInt8]()
        for block in 0..<400 {
            switch block % 4 {
            case 0: data += (0..<(block % 300)).map { _ in source.next() }
            case 1: data += [UInt8](repeating: source.next(), count: block % 600)
            case 2 where data.count > 5000: data += data[(data.count - 5000)..<(data.count - 4000)]
            default: data += Array("exploration versus wear ".utf8)
            }
        }
        let stream = Deflate.zlib(data, rowBytes: 97)
        let (inflated, adler) = try inflateZlib(stream)
        #expect(inflated == data)
        #expect(adler == Adler32.checksum(data))
        #expect(stream.count < data.count)
    }

    @Test("A PNG's chunks parse, their CRCs check and the pixels come back")
    func pngRoundTrip() throws {
        let image = testImage(width: 61, height: 37)
        let png = image.pngData()
        let chunks = try readChunks(png)
        #expect(chunks.map(\.type) == ["IHDR", "IDAT", "IEND"])
        for chunk in chunks { #expect(chunk.storedCRC == bitwiseCRC32(Array(chunk.type.utf8) + chunk.data)) }
        #expect(chunks[0].data == [0, 0, 0, 61, 0, 0, 0, 37, 8, 2, 0, 0, 0])
        let decoded = try decodeRGBPNG(png)
        #expect(decoded.width == 61 && decoded.height == 37)
        #expect(decoded.pixels == image.pixels)
    }

    @Test("A flat chart-sized image compresses to a tiny fraction of its raw size")
    func flatImageCompresses() throws {
        // Deflate's longest match is 258 bytes, so ~2 bytes per 258 is the floor: about 1/130.
        let png = RGBImage(width: 800, height: 500, color: .white).pngData()
        #expect(png.count < 800 * 500 * 3 / 100)
        #expect(try decodeRGBPNG(png).pixels.allSatisfy { $0 == 255 })
    }

    @Test("writePNG writes a readable file atomically and names the path when it cannot")
    func writeFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plot-tests-\(getpid())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("nested/image.png")
        let image = testImage(width: 20, height: 10)
        try image.writePNG(to: url)
        let bytes = [UInt8](try Data(contentsOf: url))
        #expect(try decodeRGBPNG(bytes).pixels == image.pixels)
        #expect(try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path) == ["image.png"])
        let blocked = url.appendingPathComponent("below-a-file.png")
        #expect {
            try image.writePNG(to: blocked)
        } throws: { error in
            (error as? PlotWriteError)?.path == blocked.path && "\(error)".contains(blocked.path)
        }
    }
}
