import SteadyCore

/// Seeded mutation of byte strings, the way coverage-blind fuzzers (radamsa, libFuzzer's
/// mutators) do it: bit flips, byte sets, truncation, splicing with another input, inserted,
/// deleted and duplicated chunks, hostile lengths (0, 2³¹, 2⁶³ − 1, all ones …) written over 1,
/// 2, 4 or 8 bytes, and numbers in text replaced by extreme ones. The same seed gives the same
/// inputs on every machine.
public struct Mutator {
    private var random: SeededGenerator

    /// A mutator drawing from `seed`.
    public init(seed: UInt64) {
        random = SeededGenerator(seed: seed)
    }

    /// Lengths and counts that break naive readers, little-endian.
    static let hostileValues: [UInt64] = [0, 1, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF,
                                          0x1_0000_0000, 0x7FFF_FFFF_FFFF_FFFF, 0x8000_0000_0000_0000, .max, .max - 7]
    /// Numbers spelled in text (JSON, YAML) that break naive readers.
    static let hostileNumbers = ["-1", "0", "-0", "99", "4096", "65536", "2147483648", "4294967296", "9223372036854775807",
                                 "9223372036854775808", "18446744073709551616", "1e308", "1e999", "-1e999", "0.5", "NaN", "1e-320"]

    /// A uniform integer in 0..<bound.
    public mutating func below(_ bound: Int) -> Int { bound <= 1 ? 0 : Int(random.next() % UInt64(bound)) }

    /// `input` changed by one to four mutations; `corpus` supplies splicing partners.
    public mutating func mutate(_ input: [UInt8], corpus: [[UInt8]]) -> [UInt8] {
        var bytes = input
        for _ in 0...below(4) { mutateOnce(&bytes, corpus: corpus) }
        return bytes
    }

    private mutating func mutateOnce(_ bytes: inout [UInt8], corpus: [[UInt8]]) {
        let count = bytes.count
        switch below(9) {
        case 0 where count > 0:
            bytes[below(count)] ^= UInt8(1) << UInt8(below(8))
        case 1 where count > 0:
            bytes[below(count)] = below(2) == 0 ? UInt8(truncatingIfNeeded: random.next()) : [0, 1, 0x7F, 0x80, 0xFF][below(5)]
        case 2:
            bytes.removeLast(count - below(count + 1))
        case 3 where !corpus.isEmpty:
            let other = corpus[below(corpus.count)]
            bytes = Array(bytes.prefix(below(count + 1))) + other.suffix(below(other.count + 1))
        case 4 where count > 0:
            let width = [1, 2, 4, 8][below(4)]
            let value = Self.hostileValues[below(Self.hostileValues.count)]
            let at = below(count)
            for index in 0..<width where at + index < count { bytes[at + index] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(index))) }
        case 5:
            let chunk = (0..<(1 + below(16))).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            bytes.insert(contentsOf: chunk, at: below(count + 1))
        case 6 where count > 0:
            let start = below(count)
            bytes.removeSubrange(start..<min(count, start + 1 + below(64)))
        case 7 where count > 0:
            let start = below(count)
            let chunk = Array(bytes[start..<min(count, start + 1 + below(64))])
            bytes.insert(contentsOf: chunk, at: below(count + 1))
        case 8 where count > 0:
            replaceNumber(in: &bytes)
        default:
            if count > 0 { bytes[below(count)] &+= 1 }
        }
    }

    /// Replaces the run of digits around a random digit (if the byte there is one) by a hostile number.
    private mutating func replaceNumber(in bytes: inout [UInt8]) {
        let digits = UInt8(ascii: "0")...UInt8(ascii: "9")
        var start = below(bytes.count)
        guard digits.contains(bytes[start]) else { return }
        var end = start
        while start > 0, digits.contains(bytes[start - 1]) || bytes[start - 1] == UInt8(ascii: "-") { start -= 1 }
        while end < bytes.count, digits.contains(bytes[end]) || bytes[end] == UInt8(ascii: ".") { end += 1 }
        bytes.replaceSubrange(start..<end, with: Array(Self.hostileNumbers[below(Self.hostileNumbers.count)].utf8))
    }
}
