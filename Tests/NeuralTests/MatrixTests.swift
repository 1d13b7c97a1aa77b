import Neural
import SteadyCore
import Testing

@Suite struct MatrixTests {
    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func gemmMatchesNaiveProduct(transposeA: Bool, transposeB: Bool) {
        var generator = SeededGenerator(seed: 41)
        let (m, n, k) = (5, 7, 3)
        let a = randomMatrix(rows: transposeA ? k : m, columns: transposeA ? m : k, generator: &generator)
        let b = randomMatrix(rows: transposeB ? n : k, columns: transposeB ? k : n, generator: &generator)
        let c = randomMatrix(rows: m, columns: n, generator: &generator)
        let before = c.values
        BLAS.gemm(a, b, into: c, transposeA: transposeA, transposeB: transposeB, alpha: 0.5, beta: 2)
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0
                for p in 0..<k {
                    let x = transposeA ? a[p, i] : a[i, p], y = transposeB ? b[j, p] : b[p, j]
                    sum += Double(x) * Double(y)
                }
                #expect(close(c[i, j], 0.5 * sum + 2 * Double(before[i * n + j]), absolute: 1e-6, relative: 1e-6))
            }
        }
    }

    @Test func rowCountChangesWithoutLosingData() {
        let matrix = Matrix(rows: 2, columns: 3, rowCapacity: 4)
        matrix.buffer.initialize(from: [1, 2, 3, 4, 5, 6])
        matrix.setRowCount(4)
        #expect(matrix.count == 12 && matrix[1, 2] == 6 && matrix[3, 2] == 0)
        matrix.setRowCount(1)
        #expect(matrix.values == [1, 2, 3])
        let copy = Matrix(rows: 0, columns: 3, rowCapacity: 4)
        matrix.setRowCount(2)
        copy.copy(from: matrix)
        #expect(copy.rows == 2 && copy.values == [1, 2, 3, 4, 5, 6])
    }

    @Test func meanSquaredErrorAndGradient() {
        let prediction = Matrix(rows: 2, columns: 2, values: [1, 2, 3, 4])
        let target = Matrix(rows: 2, columns: 2, values: [0, 2, 5, 4])
        let gradient = Matrix(rows: 0, columns: 2, rowCapacity: 2)
        let loss = Loss.meanSquaredError(prediction: prediction, target: target, gradient: gradient)
        #expect(loss == 1.25)  // (1 + 0 + 4 + 0) / 4
        #expect(gradient.values == [0.5, 0, -1, 0])  // 2 (p − t) / 4
        Loss.meanSquaredError(prediction: prediction, target: target, gradient: gradient, gradientScale: 0.5)
        #expect(gradient.values == [0.25, 0, -0.5, 0])
    }

    /// Only the default is checked: changing the count here would race the other suites' BLAS calls.
    @Test func openBLASDefaultsToOneThread() {
        #expect(BLAS.threadCount == 1)
    }

    /// The measurement's bookkeeping, not a speed: how fast this machine is, or how busy, is for
    /// `steady bench learn` to print, not for a test to assert.
    @Test func gemmThroughputIsMeasured() {
        let result = BLAS.measureGemmThroughput(m: 32, n: 24, k: 16, minimumSeconds: 0.01)
        #expect(result.m == 32 && result.n == 24 && result.k == 16)
        #expect(result.meanFlopsPerSecond.isFinite && result.meanFlopsPerSecond > 0)
        #expect(result.bestFlopsPerSecond.isFinite && result.bestFlopsPerSecond >= result.meanFlopsPerSecond)
        #expect(result.threads == BLAS.threadCount)
    }
}
