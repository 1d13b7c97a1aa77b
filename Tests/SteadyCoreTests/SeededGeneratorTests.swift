import Testing
import SteadyCore

@Suite struct SeededGeneratorTests {
    @Test func sameSeedSameStreamDifferentSeedDifferentStream() {
        var a = SeededGenerator(seed: 7), b = SeededGenerator(seed: 7), c = SeededGenerator(seed: 8)
        let sa = (0..<16).map { _ in a.next() }
        #expect(sa == (0..<16).map { _ in b.next() })
        #expect(sa != (0..<16).map { _ in c.next() })
    }

    @Test func gaussianHasUnitMomentsAndUniformStaysInRange() {
        var g = SeededGenerator(seed: 1)
        let n = 200_000
        var sum = 0.0, sumSq = 0.0
        for _ in 0..<n { let x = g.gaussian(); sum += x; sumSq += x * x }
        let mean = sum / Double(n), variance = sumSq / Double(n) - mean * mean
        #expect(abs(mean) < 0.01)
        #expect(abs(variance - 1) < 0.02)
        for _ in 0..<10_000 { let u = g.uniform(-2, 3); #expect(u >= -2 && u < 3) }
    }
}
