import ArgumentParser
import Foundation
import Metrics

/// `--tensorboard DIR` / `--no-tensorboard`, shared by `steady train` and `steady run`.
struct TensorBoardOption: ParsableArguments {
    @Option(name: .customLong("tensorboard"),
            help: ArgumentHelp("Directory for TensorBoard event files (default: tb/ inside the run directory; view with `tensorboard --logdir DIR`).",
                               valueName: "DIR"))
    var directory: String?

    @Flag(name: .customLong("no-tensorboard"), help: "Write no TensorBoard event files.")
    var disabled = false

    func validate() throws {
        if disabled && directory != nil { throw ValidationError("--tensorboard and --no-tensorboard cannot both be given") }
    }

    /// Where the event file goes: `--tensorboard`, else `tb/` in the run directory (none without one).
    func resolvedDirectory(runDirectory: URL?) -> URL? {
        if disabled { return nil }
        if let directory { return URL(fileURLWithPath: directory) }
        return runDirectory?.appendingPathComponent("tb")
    }

    /// A writer for a new event file, nil when TensorBoard output is off.
    /// - Throws: `TensorBoardWriterError` naming the directory or file.
    func makeWriter(runDirectory: URL?) throws -> TensorBoardWriter? {
        try resolvedDirectory(runDirectory: runDirectory).map { try TensorBoardWriter(directory: $0) }
    }
}
