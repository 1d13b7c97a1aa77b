import CBLAS
import Foundation

/// Splits the large matrix products and element-wise loops of one thread in two halves, the
/// second half on a `ParallelWorker`, so the serial parts of an update (one critic, one actor,
/// their ReLUs and Adam steps) use both cores.
///
/// Installed for a stretch of code with `WorkSplitter.splitting(over:_:)`; the installation is
/// per thread, so other threads (another agent's update, a test running beside it) neither see
/// nor use it. Only while its worker is idle does the second half run there.
///
/// Whether a product is computed in two halves depends on its shape alone (at least 32 rows and
/// `minimumMultiplyAdds` multiply-adds), never on whether the worker happens to be free: when it
/// is busy, or on another thread, or with no splitter installed, the same two half-height calls
/// run one after the other on the calling thread. BLAS does not promise that rows of a
/// half-height product equal the same rows of the full one (OpenBLAS's Zen kernels, for one,
/// round a row differently depending on where it falls in their row tiles), so this is what makes
/// an update's result the same bit for bit however its work was spread over threads. Loops are
/// split only when the worker is free; each element is computed as before, so they need no such
/// rule.
public final class WorkSplitter {
    /// The splitter installed on the calling thread, if any (thread-local).
    static var current: WorkSplitter? {
        get { pthread_getspecific(currentKey).map { Unmanaged<WorkSplitter>.fromOpaque($0).takeUnretainedValue() } }
        set { pthread_setspecific(currentKey, newValue.map { Unmanaged.passUnretained($0).toOpaque() }) }
    }

    /// The thread-local slot behind `current`; `splitting(over:_:)` keeps the splitter alive while
    /// it is installed, so the slot holds it unretained.
    private static let currentKey: pthread_key_t = {
        var key = pthread_key_t()
        precondition(pthread_key_create(&key, nil) == 0, "WorkSplitter: no thread-local key available")
        return key
    }()

    /// Products with fewer rows than this are never split.
    public static let minimumRows = 32
    /// The multiply-adds from which a product is split when no splitter is installed (and the
    /// default of every splitter).
    public static let defaultMinimumMultiplyAdds = 256 * 64 * 64

    /// The thread that runs the second halves.
    public let worker: ParallelWorker
    /// Products smaller than this (m·n·k) run unsplit: the hand-off would cost more than it saves.
    /// Set it only in tests: the same product must be split the same way wherever it runs.
    public var minimumMultiplyAdds: Int
    private var task = 0
    /// The pending second half, read by the worker's task.
    private var half = Half()

    private struct Half {
        var transposeA = CblasNoTrans, transposeB = CblasNoTrans
        var m: Int32 = 0, n: Int32 = 0, k: Int32 = 0
        var alpha: Float = 1, beta: Float = 0
        var a: UnsafePointer<Float>?, lda: Int32 = 0
        var b: UnsafePointer<Float>?, ldb: Int32 = 0
        var c: UnsafeMutablePointer<Float>?, ldc: Int32 = 0

        func run() {
            cblas_sgemm(CblasRowMajor, transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
        }
    }

    /// A splitter over `worker` (which may be shared with the agent's own two-thread steps).
    public init(worker: ParallelWorker, minimumMultiplyAdds: Int = defaultMinimumMultiplyAdds,
                minimumElements: Int = 16_384) {
        self.worker = worker
        self.minimumMultiplyAdds = minimumMultiplyAdds
        self.minimumElements = minimumElements
        task = worker.register { [unowned self] in half.run() }
        loopTask = worker.register { [unowned self] in loopBody!(loopRange) }
    }

    /// Loops shorter than this run on one thread.
    public var minimumElements: Int
    private var loopTask = 0
    private var loopBody: ((Range<Int>) -> Void)?
    private var loopRange = 0..<0

    /// Whether the worker can take the second half now (this splitter is installed on the
    /// calling thread, so only that thread asks).
    @inline(__always)
    private var available: Bool { worker.isConcurrent && !worker.isBusy }

    /// Whether a product of these sizes, called on this thread, is computed in two halves.
    @inline(__always)
    static func splits(m: Int, n: Int, k: Int) -> Bool {
        m >= minimumRows && m * n * k >= (current?.minimumMultiplyAdds ?? defaultMinimumMultiplyAdds)
    }

    /// Runs `body` over `0..<count`: in two halves, the second on the worker, when a splitter is
    /// installed on this thread, idle and `count` is large enough; in one piece otherwise.
    /// - Important: Allocates nothing; `body` must only touch indices in the range it is given.
    @inline(__always)
    public static func forEachHalf(of count: Int, _ body: (Range<Int>) -> Void) {
        guard let splitter = current, count >= splitter.minimumElements, splitter.available else {
            body(0..<count)
            return
        }
        splitter.split(count, body)
    }

    private func split(_ count: Int, _ body: (Range<Int>) -> Void) {
        let middle = count / 2
        withoutActuallyEscaping(body) { escapable in
            loopBody = escapable
            loopRange = middle..<count
            worker.run(loopTask) { escapable(0..<middle) }
            loopBody = nil
        }
    }

    /// `c ← alpha · op(a) · op(b) + beta · c` as two calls, rows `[0, m/2)` and `[m/2, m)` of `c`:
    /// the second on the worker when this thread's splitter has it free, else right after the first.
    static func gemmInHalves(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                             a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int, beta: Float,
                             c: UnsafeMutablePointer<Float>, ldc: Int) {
        let top = m / 2
        let opA = transposeA ? CblasTrans : CblasNoTrans, opB = transposeB ? CblasTrans : CblasNoTrans
        let upper = Half(transposeA: opA, transposeB: opB, m: Int32(top), n: Int32(n), k: Int32(k),
                         alpha: alpha, beta: beta, a: a, lda: Int32(lda), b: b, ldb: Int32(ldb), c: c, ldc: Int32(ldc))
        // Row r of op(a) starts at a + r·lda untransposed, at column r (a + r) transposed.
        let lower = Half(transposeA: opA, transposeB: opB, m: Int32(m - top), n: Int32(n), k: Int32(k),
                         alpha: alpha, beta: beta, a: transposeA ? a + top : a + top * lda, lda: Int32(lda),
                         b: b, ldb: Int32(ldb), c: c + top * ldc, ldc: Int32(ldc))
        if let splitter = current, splitter.available {
            splitter.half = lower
            splitter.worker.run(splitter.task) { upper.run() }
        } else {
            upper.run()
            lower.run()
        }
    }

    /// Runs `body` with this thread's large products and loops split over `splitter`'s worker.
    /// - Important: Allocates nothing; `body` is not escaping.
    @inline(__always)
    public static func splitting<Result>(over splitter: WorkSplitter, _ body: () throws -> Result) rethrows -> Result {
        let previous = current
        current = splitter
        defer { current = previous }
        return try withExtendedLifetime(splitter) { try body() }
    }
}
