import ArgumentParser
import Foundation
import SteadyCore
import SteadyFuzz

/// `steady bench fuzz`: every reader of outside bytes on many mutated inputs, counting them.
struct FuzzBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fuzz",
        abstract: "Fuzz the readers of run logs, checkpoints, both servo protocols' packets and sidecar frames with seeded mutations.",
        discussion: """
        Each target reads its valid seeds, then --count mutations of them (bit flips, byte sets, \
        truncation, splicing, inserted and deleted chunks, hostile lengths, extreme numbers in \
        text), the same ones for the same --seed. A refused input (an error) is the reader doing \
        its job; a crash ends the command, and the input that caused it is saved to --crash-file \
        first (replay it with --replay FILE --target NAME).

        Targets: run-log (parse, signals, CSV, metrics), checkpoint (safetensors, metadata, the \
        actor, one action), checkpoint-metadata (the metadata JSON mutated on its own beside \
        valid tensors), feetech-packets and dynamixel-packets (PacketDecoder both ways, the \
        tick's StatusScanner, the twin firmware answering what was decoded; a stream is never \
        refused whole, its frames are counted as decoded or rejected as corrupt), sidecar-frames \
        (the learning sidecar's frame decoder, as a learner or an actor reads a peer's bytes).
        """)

    @Option(name: .long, help: "Inputs per target (default 100000).", transform: CommandRanges.benchmarkCount.parse)
    var count = 100_000

    @Option(name: .long, help: "Seed of the mutations.")
    var seed: UInt64 = 1

    @Option(name: .long, parsing: .upToNextOption, help: "Targets to run (default: all).")
    var target: [String] = []

    @Option(name: .long, help: ArgumentHelp("Where a crashing input is saved.", valueName: "FILE"))
    var crashFile = "fuzz-crash.bin"

    @Option(name: .long, help: ArgumentHelp("Run the one input in FILE through --target (to debug a saved crash).", valueName: "FILE"))
    var replay: String?

    func run() throws {
        let all = try FuzzTargets.all()
        let names = all.map(\.name)
        if let unknown = target.first(where: { !names.contains($0) }) {
            throw ValidationError("unknown --target '\(unknown)' (targets: \(names.joined(separator: ", ")))")
        }
        let chosen = target.isEmpty ? all : all.filter { target.contains($0.name) }
        if let replay {
            guard chosen.count == 1 else { throw ValidationError("--replay needs exactly one --target") }
            try self.replay(URL(fileURLWithPath: replay), through: chosen[0])
        } else {
            try fuzz(chosen)
        }
    }

    /// Runs every target on `count` inputs and prints what each came to.
    private func fuzz(_ targets: [FuzzTarget]) throws {
        try CrashSaver.install(path: crashFile)
        print("fuzz: \(count) inputs per target, seed \(seed); a crash saves its input to \(crashFile)")
        flushOutput()
        var total = 0
        for fuzzTarget in targets {
            let report = Fuzzer.run(fuzzTarget, count: count, seed: seed) { done in
                printError("  \(fuzzTarget.name): \(done) inputs")
            }
            total += report.inputs
            print("\(report) (\(fixed(report.seconds, 1)) s, \(fixed(Double(report.inputs) / max(report.seconds, 1e-9), 0)) inputs/s)")
            flushOutput()
        }
        CrashSaver.remove()
        print("fuzz: \(targets.count) target\(targets.count == 1 ? "" : "s"), \(total) inputs, no crash")
    }

    /// Runs the one input in `file` through `target` (to debug a saved crash).
    private func replay(_ file: URL, through target: FuzzTarget) throws {
        let bytes = [UInt8](try Data(contentsOf: file))
        do {
            let frames = try target.run(bytes)
            print("\(target.name): read the input (\(frames.decoded) frames decoded, \(frames.rejected) rejected)")
        } catch {
            print("\(target.name): refused: \(error)")
        }
    }
}

/// Saves the input under test when a reader crashes, from the signal handler (only `pwrite`,
/// `ftruncate`, `write`, `signal` and `raise`, which are async-signal-safe).
enum CrashSaver {
    nonisolated(unsafe) private static var descriptor: Int32 = -1
    nonisolated(unsafe) private static var path: String?
    /// What the handler prints, made before any crash (a handler must not allocate).
    nonisolated(unsafe) private static var notice: [UInt8] = []

    /// Opens `path` and installs the handler on every fatal signal.
    static func install(path: String) throws {
        Fuzzer.recorder = CrashInput()
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw ValidationError("cannot open --crash-file \(path): \(String(cString: strerror(errno)))") }
        Self.path = path
        notice = Array("\nfuzz: a reader crashed; its input is saved in \(path) (replay it with --replay \(path) --target NAME)\n".utf8)
        for signal in [SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS, SIGFPE] {
            Glibc.signal(signal) { signal in
                if let recorder = Fuzzer.recorder {
                    _ = pwrite(CrashSaver.descriptor, recorder.bytes, recorder.count, 0)
                    _ = ftruncate(CrashSaver.descriptor, off_t(recorder.count))
                }
                _ = CrashSaver.notice.withUnsafeBufferPointer { write(STDERR_FILENO, $0.baseAddress, $0.count) }
                Glibc.signal(signal, SIG_DFL)
                raise(signal)
            }
        }
    }

    /// After a run without a crash: no file is left.
    static func remove() {
        if let path { unlink(path) }
    }
}
