extension BLAS {
    /// The measured speed of `cblas_sgemm` for one problem size.
    public struct GemmThroughput: Sendable, CustomStringConvertible {
        /// Rows of the product.
        public let m: Int
        /// Columns of the product.
        public let n: Int
        /// The inner dimension.
        public let k: Int
        /// Floating-point operations per second (2·m·n·k per call) in the fastest round.
        public let bestFlopsPerSecond: Double
        /// Floating-point operations per second over all timed rounds.
        public let meanFlopsPerSecond: Double
        /// OpenBLAS threads used.
        public let threads: Int

        public var description: String {
            let best = bestFlopsPerSecond / 1e9, mean = meanFlopsPerSecond / 1e9
            return "sgemm \(m)×\(n)×\(k), \(threads) thread(s): best \(best) GFLOP/s, mean \(mean) GFLOP/s"
        }
    }

    /// Measures `C(m×n) = A(m×k) · B(k×n)` with the current thread count, the bound against
    /// which a training step's speed is compared.
    ///
    /// Runs rounds of calls, each long enough to time well, for at least `minimumSeconds` after
    /// a warm-up, and reports the fastest round and the mean. A benchmark tool, not for tests.
    public static func measureGemmThroughput(m: Int, n: Int, k: Int, minimumSeconds: Double = 0.25)
        -> GemmThroughput {
        precondition(m > 0 && n > 0 && k > 0, "measureGemmThroughput: sizes must be positive")
        applyDefaultThreadPolicy()
        let a = Matrix(rows: m, columns: k), b = Matrix(rows: k, columns: n), c = Matrix(rows: m, columns: n)
        for i in 0..<a.count { a.baseAddress[i] = Float(i % 7) * 0.25 - 0.75 }
        for i in 0..<b.count { b.baseAddress[i] = Float(i % 5) * 0.25 - 0.5 }
        let flopsPerCall = 2 * Double(m) * Double(n) * Double(k)
        let callsPerRound = Swift.max(1, Int(2e7 / flopsPerCall))
        let clock = ContinuousClock()
        for _ in 0..<callsPerRound { gemm(a, b, into: c) }

        var best = 0.0, totalSeconds = 0.0, rounds = 0
        while totalSeconds < minimumSeconds || rounds < 3 {
            let start = clock.now
            for _ in 0..<callsPerRound { gemm(a, b, into: c) }
            let seconds = (clock.now - start).seconds
            totalSeconds += seconds
            rounds += 1
            best = Swift.max(best, flopsPerCall * Double(callsPerRound) / seconds)
        }
        let mean = flopsPerCall * Double(callsPerRound * rounds) / totalSeconds
        return GemmThroughput(m: m, n: n, k: k, bestFlopsPerSecond: best, meanFlopsPerSecond: mean,
                              threads: threadCount)
    }
}

extension Duration {
    /// The duration in seconds as a `Double`.
    fileprivate var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) * 1e-18
    }
}
