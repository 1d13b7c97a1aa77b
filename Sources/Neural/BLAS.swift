import CBLAS

/// Swift names for the few OpenBLAS routines `Neural` uses, and OpenBLAS's thread policy.
///
/// Every matrix product in `Neural` goes through `gemm` or `gemv`, so the thread policy set here
/// governs all of them. The default is one thread: on a small machine with the matrices of an RL
/// policy (a few hundred wide), OpenBLAS's threading costs more in hand-offs than it saves, and
/// the control loop and the learner share the cores.
public enum BLAS {
    /// Runs once, on first use of any `Neural` type that multiplies matrices.
    private static let defaultThreadPolicy: Void = { openblas_set_num_threads(1) }()

    /// Applies the default thread policy (one OpenBLAS thread) unless it was applied already.
    ///
    /// Layers and networks call this on creation; call it yourself only when using `gemm`
    /// directly before creating any layer.
    public static func applyDefaultThreadPolicy() {
        _ = defaultThreadPolicy
    }

    /// The number of threads OpenBLAS uses for one call. Setting it overrides the default of one.
    ///
    /// The corresponding C functions are `openblas_get_num_threads` and `openblas_set_num_threads`.
    public static var threadCount: Int {
        get {
            applyDefaultThreadPolicy()
            return Int(openblas_get_num_threads())
        }
        set {
            precondition(newValue >= 1, "OpenBLAS needs at least one thread")
            applyDefaultThreadPolicy()
            openblas_set_num_threads(Int32(newValue))
        }
    }

    /// `c ← alpha · op(a) · op(b) + beta · c` on the rows in use of row-major matrices.
    ///
    /// `op(x)` is `x` or its transpose. Shapes are checked with `precondition`; `c`'s row count
    /// must already equal the product's (set it with `Matrix.setRowCount`).
    /// The corresponding C function is `cblas_sgemm`.
    /// - Important: Allocates nothing; safe for preallocated training steps.
    @inline(__always)
    public static func gemm(_ a: Matrix, _ b: Matrix, into c: Matrix,
                            transposeA: Bool = false, transposeB: Bool = false,
                            alpha: Float = 1, beta: Float = 0) {
        let m = transposeA ? a.columns : a.rows
        let k = transposeA ? a.rows : a.columns
        let kb = transposeB ? b.columns : b.rows
        let n = transposeB ? b.rows : b.columns
        precondition(k == kb, "gemm: inner dimensions \(k) and \(kb) differ")
        precondition(c.rows == m && c.columns == n,
                     "gemm: output is \(c.rows)×\(c.columns), product is \(m)×\(n)")
        if m == 0 || n == 0 { return }
        if WorkSplitter.splits(m: m, n: n, k: k) {
            WorkSplitter.gemmInHalves(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                                      a: a.baseAddress, lda: a.columns, b: b.baseAddress, ldb: b.columns, beta: beta,
                                      c: c.baseAddress, ldc: c.columns)
            return
        }
        cblas_sgemm(CblasRowMajor,
                    transposeA ? CblasTrans : CblasNoTrans,
                    transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k),
                    alpha, a.baseAddress, Int32(a.columns),
                    b.baseAddress, Int32(b.columns),
                    beta, c.baseAddress, Int32(c.columns))
    }

    /// `y ← alpha · op(a) · x + beta · y` for a row-major `rows × columns` matrix at `a`.
    ///
    /// `x` has `columns` elements (`rows` when transposed) and `y` the other count.
    /// The corresponding C function is `cblas_sgemv`.
    /// - Important: Allocates nothing; used by single-observation inference in the control tick.
    @inline(__always)
    public static func gemv(rows: Int, columns: Int, _ a: UnsafePointer<Float>, transposed: Bool = false,
                            _ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>,
                            alpha: Float = 1, beta: Float = 0) {
        cblas_sgemv(CblasRowMajor, transposed ? CblasTrans : CblasNoTrans,
                    Int32(rows), Int32(columns), alpha, a, Int32(columns), x, 1, beta, y, 1)
    }

    /// The dot product of `count` contiguous floats. The corresponding C function is `cblas_sdot`.
    @inline(__always)
    public static func dot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, count: Int) -> Float {
        cblas_sdot(Int32(count), x, 1, y, 1)
    }
}
