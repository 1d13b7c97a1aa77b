/// A zlib stream (RFC 1950) holding one deflate block with the fixed Huffman codes (RFC 1951 §3.2.6).
///
/// Matches are found among a few candidate distances that suit raster images — 1 byte, one RGB
/// pixel (3), one image row (`rowBytes`) — and the last earlier occurrence of the next three
/// bytes. Charts are mostly flat colour, so this compresses them well without dynamic tables.
enum Deflate {
    static let minimumMatch = 3
    static let maximumMatch = 258
    static let window = 32_768

    /// Compresses `data` into a complete zlib stream (header, deflate data, Adler-32).
    static func zlib(_ data: [UInt8], rowBytes: Int = 0) -> [UInt8] {
        var writer = BitWriter()
        writer.bytes = [0x78, 0x01]          // CM 8, 32 KiB window; FCHECK makes 0x7801 % 31 == 0
        writer.write(1, count: 1)            // BFINAL
        writer.write(1, count: 2)            // BTYPE 01: fixed Huffman codes
        var candidates = [1, 3]
        if rowBytes > 3, rowBytes <= window { candidates.append(rowBytes) }
        var head = [Int](repeating: -1, count: 1 << 15)
        var position = 0
        while position < data.count {
            var bestLength = 0, bestDistance = 0
            if position + minimumMatch <= data.count {
                let key = hash(data, position)
                var distances = candidates
                if head[key] >= 0 { distances.append(position - head[key]) }
                for distance in distances where distance <= position && distance <= window {
                    let length = matchLength(data, position, distance)
                    if length > bestLength { bestLength = length; bestDistance = distance }
                }
                head[key] = position
            }
            if bestLength >= minimumMatch {
                writer.writeLength(bestLength)
                writer.writeDistance(bestDistance)
                // Index the skipped positions too so later matches can find them.
                var inside = position + 1
                while inside < position + bestLength && inside + minimumMatch <= data.count {
                    head[hash(data, inside)] = inside
                    inside += 1
                }
                position += bestLength
            } else {
                writer.writeLiteral(Int(data[position]))
                position += 1
            }
        }
        writer.writeLiteral(256)             // end of block
        writer.flush()
        let adler = Adler32.checksum(data)
        writer.bytes += [UInt8(adler >> 24), UInt8(adler >> 16 & 0xFF), UInt8(adler >> 8 & 0xFF), UInt8(adler & 0xFF)]
        return writer.bytes
    }

    static func hash(_ data: [UInt8], _ at: Int) -> Int {
        (Int(data[at]) << 10 ^ Int(data[at + 1]) << 5 ^ Int(data[at + 2])) & 0x7FFF
    }

    static func matchLength(_ data: [UInt8], _ position: Int, _ distance: Int) -> Int {
        let limit = min(maximumMatch, data.count - position)
        var length = 0
        while length < limit && data[position + length] == data[position + length - distance] { length += 1 }
        return length
    }
}

/// Packs bits least-significant first, as deflate streams store them.
struct BitWriter {
    var bytes: [UInt8] = []
    private var buffer: UInt64 = 0
    private var filled = 0

    /// Appends the low `count` bits of `value`, least significant first.
    mutating func write(_ value: Int, count: Int) {
        buffer |= UInt64(value) << UInt64(filled)
        filled += count
        while filled >= 8 {
            bytes.append(UInt8(buffer & 0xFF))
            buffer >>= 8
            filled -= 8
        }
    }

    /// Appends a Huffman code, which deflate stores most significant bit first.
    mutating func writeCode(_ code: Int, count: Int) {
        var reversed = 0
        for bit in 0..<count { reversed |= (code >> bit & 1) << (count - 1 - bit) }
        write(reversed, count: count)
    }

    /// Appends literal/length symbol `symbol` (0…287) in the fixed code.
    mutating func writeLiteral(_ symbol: Int) {
        switch symbol {
        case 0...143: writeCode(0x30 + symbol, count: 8)
        case 144...255: writeCode(0x190 + symbol - 144, count: 9)
        case 256...279: writeCode(symbol - 256, count: 7)
        default: writeCode(0xC0 + symbol - 280, count: 8)
        }
    }

    /// Base lengths of length symbols 257…285 (RFC 1951 §3.2.5).
    static let lengthBases = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
                              35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
                              3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    /// Base distances of distance symbols 0…29.
    static let distanceBases = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385,
                                513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    static let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7,
                                8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]

    mutating func writeLength(_ length: Int) {
        var index = Self.lengthBases.count - 1
        while Self.lengthBases[index] > length { index -= 1 }
        writeLiteral(257 + index)
        write(length - Self.lengthBases[index], count: Self.lengthExtra[index])
    }

    mutating func writeDistance(_ distance: Int) {
        var index = Self.distanceBases.count - 1
        while Self.distanceBases[index] > distance { index -= 1 }
        writeCode(index, count: 5)
        write(distance - Self.distanceBases[index], count: Self.distanceExtra[index])
    }

    /// Pads the last partial byte with zero bits.
    mutating func flush() {
        if filled > 0 { bytes.append(UInt8(buffer & 0xFF)) }
        buffer = 0
        filled = 0
    }
}
