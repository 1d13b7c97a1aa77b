/// An independent, minimal PNG reader for the tests: chunk parsing with a bit-by-bit CRC-32,
/// and an inflater for stored and fixed-Huffman deflate blocks written from RFC 1951 alone.
struct PNGChunk {
    let type: String
    let data: [UInt8]
    let storedCRC: UInt32
}

enum PNGReadError: Error { case signature, truncated, badCode, unsupported(String) }

/// CRC-32 computed one bit at a time from the polynomial, sharing no code with `Plot.CRC32`.
func bitwiseCRC32(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
        crc ^= UInt32(byte)
        for _ in 0..<8 { crc = (crc >> 1) ^ (0xEDB8_8320 & (0 &- (crc & 1))) }
    }
    return crc ^ 0xFFFF_FFFF
}

func readChunks(_ png: [UInt8]) throws -> [PNGChunk] {
    guard png.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else { throw PNGReadError.signature }
    func word(_ at: Int) -> UInt32 { png[at..<at + 4].reduce(0) { $0 << 8 | UInt32($1) } }
    var chunks = [PNGChunk]()
    var at = 8
    while at < png.count {
        guard at + 12 <= png.count else { throw PNGReadError.truncated }
        let length = Int(word(at))
        guard at + 12 + length <= png.count else { throw PNGReadError.truncated }
        let type = String(decoding: png[at + 4..<at + 8], as: UTF8.self)
        chunks.append(PNGChunk(type: type, data: Array(png[at + 8..<at + 8 + length]), storedCRC: word(at + 8 + length)))
        at += 12 + length
    }
    return chunks
}

/// Reads bits least-significant first.
struct BitReader {
    let bytes: [UInt8]
    var position = 0   // in bits

    mutating func bit() throws -> Int {
        guard position / 8 < bytes.count else { throw PNGReadError.truncated }
        defer { position += 1 }
        return Int(bytes[position / 8] >> UInt8(position % 8) & 1)
    }

    mutating func bits(_ count: Int) throws -> Int {
        var value = 0
        for index in 0..<count { value |= try bit() << index }
        return value
    }

    /// The fixed literal/length code (RFC 1951 §3.2.6), read one bit at a time, most significant first.
    mutating func fixedLiteral() throws -> Int {
        var code = 0
        for _ in 0..<7 { code = code << 1 | (try bit()) }
        if code <= 0b0010111 { return 256 + code }
        code = code << 1 | (try bit())
        if (0b0011_0000...0b1011_1111).contains(code) { return code - 0b0011_0000 }
        if (0b1100_0000...0b1100_0111).contains(code) { return 280 + code - 0b1100_0000 }
        code = code << 1 | (try bit())
        guard (0b1_1001_0000...0b1_1111_1111).contains(code) else { throw PNGReadError.badCode }
        return 144 + code - 0b1_1001_0000
    }
}

/// Inflates a zlib stream whose blocks are stored or use the fixed codes; returns the data and
/// the Adler-32 stored at its end.
func inflateZlib(_ stream: [UInt8]) throws -> (data: [UInt8], adler: UInt32) {
    guard stream.count >= 6, (Int(stream[0]) << 8 | Int(stream[1])) % 31 == 0, stream[0] & 0x0F == 8 else {
        throw PNGReadError.unsupported("zlib header")
    }
    var reader = BitReader(bytes: Array(stream[2..<(stream.count - 4)]))
    var out = [UInt8]()
    let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    let distanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
                        2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    var final = 0
    while final == 0 {
        final = try reader.bits(1)
        switch try reader.bits(2) {
        case 0:
            reader.position = (reader.position + 7) / 8 * 8
            let length = try reader.bits(16)
            _ = try reader.bits(16)
            for _ in 0..<length { out.append(UInt8(try reader.bits(8))) }
        case 1:
            while true {
                let symbol = try reader.fixedLiteral()
                if symbol < 256 { out.append(UInt8(symbol)); continue }
                if symbol == 256 { break }
                let index = symbol - 257
                // Extra bits per length code: 0 for 257…264 and 285, then (index - 4) / 4.
                let lengthExtra = index < 8 || index == 28 ? 0 : (index - 4) / 4
                let length = lengthBase[index] + (try reader.bits(lengthExtra))
                var distanceCode = 0
                for _ in 0..<5 { distanceCode = distanceCode << 1 | (try reader.bit()) }
                let distanceExtra = distanceCode < 4 ? 0 : (distanceCode - 2) / 2
                let distance = distanceBase[distanceCode] + (try reader.bits(distanceExtra))
                guard distance <= out.count else { throw PNGReadError.badCode }
                for _ in 0..<length { out.append(out[out.count - distance]) }
            }
        default:
            throw PNGReadError.unsupported("dynamic Huffman block")
        }
    }
    let tail = stream.suffix(4)
    return (out, tail.reduce(0) { $0 << 8 | UInt32($1) })
}

/// Decodes an 8-bit RGB PNG with filter type 0 on every row into its width, height and pixels.
func decodeRGBPNG(_ png: [UInt8]) throws -> (width: Int, height: Int, pixels: [UInt8]) {
    let chunks = try readChunks(png)
    guard let header = chunks.first, header.type == "IHDR", header.data.count == 13 else { throw PNGReadError.unsupported("IHDR") }
    let width = Int(header.data[0..<4].reduce(0) { $0 << 8 | UInt32($1) })
    let height = Int(header.data[4..<8].reduce(0) { $0 << 8 | UInt32($1) })
    guard header.data[8] == 8, header.data[9] == 2 else { throw PNGReadError.unsupported("not 8-bit RGB") }
    let (raw, _) = try inflateZlib(chunks.filter { $0.type == "IDAT" }.flatMap(\.data))
    guard raw.count == height * (width * 3 + 1) else { throw PNGReadError.truncated }
    var pixels = [UInt8]()
    for row in 0..<height {
        let start = row * (width * 3 + 1)
        guard raw[start] == 0 else { throw PNGReadError.unsupported("filter \(raw[start])") }
        pixels += raw[(start + 1)..<(start + 1 + width * 3)]
    }
    return (width, height, pixels)
}
