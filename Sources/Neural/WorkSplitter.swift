import CBLAS
import Foundation

/// Splits the large matrix products and element-wise loops of one thread in two halves, the
/// second half on a `ParallelWorker`, so the serial parts of an update (one critic, one actor,
/// their ReLUs and Adam steps) use both cores.
///
/// Installed for a stretch of code with `WorkSplitter.splitting(over:_:)`. Only work called from
/// the thread that installed it is split, and only while its worker is idle (inside
/// `ParallelWorker.run` both threads are busy with their own networks already). Products are
/// split by output rows when they have at least `minimumMultiplyAdds` multiply-adds and 32 rows;
/// each output element is still one dot product over the same inner dimension. Loops are split
/// when they have at least `minimumElements` elements; each element is computed as before.
public final class WorkSplitter {
    /// The splitter installed on some thread, if any.
    static var current: WorkSplitter?

    /// The thread that runs the second halves.
    public let worker: ParallelWorker
    /// Products smaller than this (m·n·k) run unsplit: the hand-off would cost more than it saves.
    public var minimumMultiplyAdds: Int
    private var task = 0
    private var owner: pthread_t?
    /// The pending second half, read by the worker's task.
    private var half = Half()

    private struct Half {
        var transposeA = CblasNoTrans, transposeB = CblasNoTrans
        var m: Int32 = 0, n: Int32 = 0, k: Int32 = 0
        var alpha: Float = 1, beta: Float = 0
        var a: UnsafePointer<Float>?, lda: Int32 = 0
        var b: UnsafePointer<Float>?, ldb: Int32 = 0
        var c: UnsafeMutablePointer<Float>?, ldc: Int32 = 0
    }

    /// A splitter over `worker` (which may be shared with the agent's own two-thread steps).
    public init(worker: ParallelWorker, minimumMultiplyAdds: Int = 256 * 64 * 64, minimumElements: Int = 16_384) {
        self.worker = worker
        self.minimumMultiplyAdds = minimumMultiplyAdds
        self.minimumElements = minimumElements
        task = worker.register { [unowned self] in
            let h = half
            cblas_sgemm(CblasRowMajor, h.transposeA, h.transposeB, h.m, h.n, h.k, h.alpha,
                        h.a, h.lda, h.b, h.ldb, h.beta, h.c, h.ldc)
        }
        loopTask = worker.register { [unowned self] in loopBody!(loopRange) }
    }

    /// Loops shorter than this run on one thread.
    public var minimumElements: Int
    private var loopTask = 0
    private var loopBody: ((Range<Int>) -> Void)?
    private var loopRange = 0..<0

    /// Whether work on this thread may be split now.
    @inline(__always)
    private var available: Bool {
        guard worker.isConcurrent, !worker.isBusy, let owner, pthread_equal(owner, pthread_self()) != 0 else { return false }
        return true
    }

    /// Whether this thread's product of these sizes is split.
    @inline(__always)
    func accepts(m: Int, n: Int, k: Int) -> Bool {
        m >= 32 && m * n * k >= minimumMultiplyAdds && available
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

    /// `c ← alpha · op(a) · op(b) + beta · c` with rows `[m/2, m)` of `c` on the worker.
    func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
              a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int, beta: Float,
              c: UnsafeMutablePointer<Float>, ldc: Int) {
        let top = m / 2
        let opA = transposeA ? CblasTrans : CblasNoTrans, opB = transposeB ? CblasTrans : CblasNoTrans
        // Row r of op(a) starts at a + r·lda untransposed, at column r (a + r) transposed.
        half = Half(transposeA: opA, transposeB: opB, m: Int32(m - top), n: Int32(n), k: Int32(k),
                    alpha: alpha, beta: beta, a: transposeA ? a + top : a + top * lda, lda: Int32(lda),
                    b: b, ldb: Int32(ldb), c: c + top * ldc, ldc: Int32(ldc))
        worker.run(task) {
            cblas_sgemm(CblasRowMajor, opA, opB, Int32(top), Int32(n), Int32(k), alpha,
                        a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
        }
    }

    /// Runs `body` with this thread's large products and loops split over `splitter`'s worker.
    /// - Important: Allocates nothing; `body` is not escaping.
    @inline(__always)
    public static func splitting<Result>(over splitter: WorkSplitter, _ body: () throws -> Result) rethrows -> Result {
        let previous = (current, splitter.owner)
        splitter.owner = pthread_self()
        current = splitter
        defer {
            current = previous.0
            splitter.owner = previous.1
        }
        return try body()
    }
}
