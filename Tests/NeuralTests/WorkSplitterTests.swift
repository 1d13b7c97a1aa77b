import Foundation
import Neural
import SteadyCore
import Testing

/// Splitting products and loops over two threads changes where work runs, not what it computes.
@Suite struct WorkSplitterTests {
    func randomMatrix(_ rows: Int, _ columns: Int, _ generator: inout SeededGenerator) -> Matrix {
        Matrix(rows: rows, columns: columns, values: (0..<(rows * columns)).map { _ in Float(generator.uniform(-1, 1)) })
    }

    /// A · Bᵀ computed in Double by three loops: the independent reference.
    func reference(_ a: Matrix, _ b: Matrix, transposeA: Bool, transposeB: Bool) -> [Double] {
        let m = transposeA ? a.columns : a.rows, k = transposeA ? a.rows : a.columns
        let n = transposeB ? b.rows : b.columns
        var c = [Double](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0
                for p in 0..<k {
                    let x = transposeA ? a.baseAddress[p * a.columns + i] : a.baseAddress[i * a.columns + p]
                    let y = transposeB ? b.baseAddress[j * b.columns + p] : b.baseAddress[p * b.columns + j]
                    sum += Double(x) * Double(y)
                }
                c[i * n + j] = sum
            }
        }
        return c
    }

    @Test(arguments: [(false, false), (true, false), (false, true)])
    func splitProductsEqualTheUnsplitProductAndTheReference(transposeA: Bool, transposeB: Bool) {
        var generator = SeededGenerator(seed: 11)
        let m = 96, n = 80, k = 72
        let a = transposeA ? randomMatrix(k, m, &generator) : randomMatrix(m, k, &generator)
        let b = transposeB ? randomMatrix(n, k, &generator) : randomMatrix(k, n, &generator)
        let whole = Matrix(rows: m, columns: n), split = Matrix(rows: m, columns: n)
        BLAS.gemm(a, b, into: whole, transposeA: transposeA, transposeB: transposeB)
        let splitter = WorkSplitter(worker: ParallelWorker(concurrent: true), minimumMultiplyAdds: 1)
        WorkSplitter.splitting(over: splitter) {
            BLAS.gemm(a, b, into: split, transposeA: transposeA, transposeB: transposeB)
        }
        let expected = reference(a, b, transposeA: transposeA, transposeB: transposeB)
        for i in 0..<(m * n) {
            #expect(abs(Double(split.baseAddress[i]) - expected[i]) < 1e-4)
            #expect(split.baseAddress[i] == whole.baseAddress[i])
        }
    }

    @Test func loopsRunEachIndexOnceInTwoHalvesOnlyOnTheInstallingThread() {
        let splitter = WorkSplitter(worker: ParallelWorker(concurrent: true), minimumElements: 10)
        let count = 1_000
        let visits = UnsafeMutablePointer<Int>.allocate(capacity: count)
        defer { visits.deallocate() }
        visits.initialize(repeating: 0, count: count)
        var pieces = 0
        WorkSplitter.splitting(over: splitter) {
            WorkSplitter.forEachHalf(of: count) { range in
                for i in range { visits[i] += 1 }
            }
            WorkSplitter.forEachHalf(of: 5) { range in #expect(range == 0..<5) }   // too small to split
        }
        WorkSplitter.forEachHalf(of: count) { _ in pieces += 1 }                     // no splitter installed
        #expect((0..<count).allSatisfy { visits[$0] == 1 })
        #expect(pieces == 1)

        // Another thread's loops are not split while this one holds the splitter.
        var otherPieces = 0
        WorkSplitter.splitting(over: splitter) {
            let done = DispatchSemaphore(value: 0)
            Thread {
                WorkSplitter.forEachHalf(of: count) { _ in otherPieces += 1 }
                done.signal()
            }.start()
            done.wait()
        }
        #expect(otherPieces == 1)
    }
}
