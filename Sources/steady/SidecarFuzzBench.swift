import ArgumentParser
import Sidecar
import SteadyCore

/// `steady bench sidecar-fuzz`: random and mutated frames into the sidecar's frame decoder.
struct SidecarFuzzBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sidecar-fuzz",
        abstract: "Feed random and mutated frames to the sidecar frame decoder; every one must decode or be refused.",
        discussion: """
        A quarter of the inputs are random bytes, the rest valid frames of every message type \
        mutated (bit flips, edge values in the header and count fields, truncation, extension, \
        splices). A crash or an error that is not a protocol error ends the process.
        """)

    @Option(name: .long, help: "Inputs to feed.")
    var count = 1_000_000

    @Option(name: .long, help: "Seed of the mutator.")
    var seed: UInt64 = 1

    func validate() throws {
        guard count > 0 else { throw ValidationError("--count must be positive") }
    }

    func run() {
        let start = Monotonic.nanoseconds()
        let summary = SidecarFrameFuzz.run(count: count, seed: seed)
        let seconds = Double(Monotonic.nanoseconds() - start) / 1e9
        print("sidecar frame fuzz: \(summary.inputs) inputs in \(fixed(seconds, 1)) s: \(summary.decoded) decoded, \(summary.refused) refused with a protocol error, \(summary.incomplete) incomplete; 0 crashes")
    }
}
