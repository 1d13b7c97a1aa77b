import SteadyCore

/// One reader of hostile bytes to fuzz: a name, valid inputs to mutate, and what to do with an
/// input (read it as far as the product would: decode, convert, compute). Throwing is the
/// reader's way of refusing an input; crashing, hanging or allocating without bound are the bugs.
public struct FuzzTarget: Sendable {
    /// The target's name, e.g. `run-log`.
    public var name: String
    /// Valid inputs (first run as they are, then mutated).
    public var seeds: [[UInt8]]
    /// Reads one input; a stream reader (which never refuses a whole stream) tallies its frames.
    public var run: @Sendable ([UInt8]) throws -> FrameTally

    /// Creates a target.
    public init(name: String, seeds: [[UInt8]], run: @escaping @Sendable ([UInt8]) throws -> FrameTally) {
        self.name = name
        self.seeds = seeds
        self.run = run
    }
}

/// What a stream reader made of one input: the frames it decoded and the ones it rejected as
/// corrupt (bad checksum, impossible length) and skipped. Zero for readers of whole files.
public struct FrameTally: Sendable {
    /// Frames decoded.
    public var decoded = 0
    /// Frames rejected as corrupt.
    public var rejected = 0

    /// No frames: what a file reader returns.
    public static let none = FrameTally()

    /// A tally of `decoded` and `rejected` frames.
    public init(decoded: Int = 0, rejected: Int = 0) {
        self.decoded = decoded
        self.rejected = rejected
    }
}

/// What a fuzzing run of one target came to (had it crashed, there would be no report).
public struct FuzzReport: Sendable, CustomStringConvertible {
    /// The target's name.
    public var target: String
    /// Inputs run.
    public var inputs: Int
    /// Inputs the reader refused with an error.
    public var refused: Int
    /// Frames decoded and rejected inside the inputs, summed (zero for file readers).
    public var frames = FrameTally.none
    /// Wall time, seconds.
    public var seconds: Double

    /// Inputs the reader took.
    public var accepted: Int { inputs - refused }

    public var description: String {
        let read = "\(target): \(inputs) inputs, \(accepted) read, \(refused) refused with an error"
        guard frames.decoded + frames.rejected > 0 else { return read + ", no crash" }
        return read + "; \(frames.decoded) frames decoded, \(frames.rejected) rejected as corrupt, no crash"
    }
}

/// Runs a target on deterministic mutations of its seeds.
public enum Fuzzer {
    /// The input being read, for a crash handler to save (`CrashInput`); nil when not recording.
    nonisolated(unsafe) public static var recorder: CrashInput?

    /// Runs `count` inputs: the seeds as they are, then seeded mutations of them (and of each
    /// other, by splicing). `progress` is called every `progressInterval` inputs.
    public static func run(_ target: FuzzTarget, count: Int, seed: UInt64, progressInterval: Int = 100_000,
                           progress: ((Int) -> Void)? = nil) -> FuzzReport {
        var mutator = Mutator(seed: seed)
        let start = Monotonic.nanoseconds()
        var refused = 0
        var frames = FrameTally.none
        for index in 0..<count {
            let input = index < target.seeds.count
                ? target.seeds[index]
                : mutator.mutate(target.seeds[mutator.below(target.seeds.count)], corpus: target.seeds)
            recorder?.hold(input)
            do {
                let tally = try target.run(input)
                frames.decoded += tally.decoded
                frames.rejected += tally.rejected
            } catch {
                refused += 1
            }
            if let progress, (index + 1) % progressInterval == 0 { progress(index + 1) }
        }
        return FuzzReport(target: target.name, inputs: count, refused: refused, frames: frames,
                          seconds: Double(Monotonic.nanoseconds() - start) * 1e-9)
    }
}

/// A copy of the input under test in memory allocated once, which a signal handler can write
/// out with `write(2)` when the reader crashes.
public final class CrashInput: @unchecked Sendable {
    /// The bytes (valid up to `count`).
    public let bytes: UnsafeMutablePointer<UInt8>
    /// Bytes held.
    public private(set) var count = 0
    private let capacity: Int

    /// Room for inputs up to `capacity` bytes (longer ones are held cut).
    public init(capacity: Int = 1 << 22) {
        self.capacity = capacity
        bytes = .allocate(capacity: capacity)
    }

    deinit { bytes.deallocate() }

    func hold(_ input: [UInt8]) {
        count = 0
        let kept = min(input.count, capacity)
        guard kept > 0 else { return }
        input.withUnsafeBufferPointer { bytes.update(from: $0.baseAddress!, count: kept) }
        count = kept
    }
}
