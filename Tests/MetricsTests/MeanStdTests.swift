import Testing
import Metrics

/// MeanStd on lists worked out by hand.
@Suite struct MeanStdTests {
    @Test("an odd count: the median is the middle value, not dragged by an outlier as the mean is")
    func oddCount() {
        let s = MeanStd([4, 1, 100])
        #expect(s.count == 3)
        #expect(s.mean == 35)
        #expect(s.median == 4)
        // Deviations −31, −34, 65: (961 + 1156 + 4225) / (3 − 1) = 3171.
        #expect(abs(s.std - 3171.0.squareRoot()) < 1e-12)
    }

    @Test("an even count: the median is the mean of the two middle values")
    func evenCount() {
        let s = MeanStd([10, 3, 1, 4])
        #expect(s.median == 3.5)
        #expect(s.mean == 4.5)
    }

    @Test("NaN and infinities (diverged runs) are left out; one value has std 0; none gives NaN")
    func nonFiniteAndEdgeCases() {
        let s = MeanStd([2, .nan, 6, .infinity])
        #expect(s.count == 2)
        #expect(s.mean == 4 && s.median == 4)
        #expect(abs(s.std - 8.0.squareRoot()) < 1e-12)
        #expect(MeanStd([7]).std == 0)
        let none = MeanStd([.nan])
        #expect(none.count == 0 && none.mean.isNaN && none.median.isNaN)
    }
}
