import Foundation
import Learning
import Neural
import SteadyCore

/// What a sidecar checkpoint holds besides tensors: progress, the weights version, every
/// actor's delivery state (its `durable` is what this checkpoint holds) and the exploration state.
public struct LearnerCheckpointState: Codable, Equatable, Sendable {
    /// Transitions stored.
    public var steps: Int
    /// Episodes reported.
    public var episodes: Int
    /// The newest published weights version.
    public var weightsVersion: UInt64
    /// Gradient updates done.
    public var updates: Int
    /// Per-actor delivery state by actor key.
    public var actors: [String: DeliveryLedger.Entry]
    /// The learner's exploration state.
    public var exploration: ExplorationState?
}

/// The sidecar's checkpoints in `RUN/`: `RUN/checkpoints/N/` holds `model.safetensors` +
/// `checkpoint.json` (as `steady train` writes them: `steady eval` reads them),
/// `replay.safetensors` and `sidecar.json`; `RUN/checkpoints/latest` names the newest N and is
/// replaced atomically after N is complete, so a crash at any point leaves a whole checkpoint.
/// `RUN/policy/` gets the newest networks too, for `steady eval --policy RUN/policy`.
public final class LearnerCheckpointStore {
    /// The run directory.
    public let runDirectory: URL
    private var directory: URL { runDirectory.appendingPathComponent("checkpoints") }
    private var latestFile: URL { directory.appendingPathComponent("latest") }
    /// The newest checkpoint's directory, nil before one.
    public private(set) var latestPath: String?

    /// A store in `runDirectory` (created when written).
    public init(runDirectory: URL) {
        self.runDirectory = runDirectory
        latestPath = latestDirectory()?.path
    }

    /// The newest complete checkpoint, nil when there is none.
    public func latestDirectory() -> URL? {
        guard let text = try? String(contentsOf: latestFile, encoding: .utf8),
              let number = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) else { return nil }
        return directory.appendingPathComponent(String(number))
    }

    /// Writes checkpoint N+1 and makes it the latest; keeps the previous one, removes older.
    /// - Throws: `SteadyFileError.writeFailed` naming the file.
    public func write(tensors: [SafetensorsFile.Tensor], metadata: CheckpointMetadata, buffer: ReplayBuffer,
                      state: LearnerCheckpointState) throws {
        let previous = latestDirectory().flatMap { Int($0.lastPathComponent) } ?? 0
        let target = directory.appendingPathComponent(String(previous + 1))
        try? FileManager.default.removeItem(at: target)
        try Checkpoint.write(tensors: tensors, metadata: metadata, to: target)
        try SafetensorsFile(tensors: buffer.tensors()).write(to: target.appendingPathComponent("replay.safetensors"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        try AtomicFile.write(try encoder.encode(state), to: target.appendingPathComponent("sidecar.json"))
        try AtomicFile.write("\(previous + 1)\n", to: latestFile)
        latestPath = target.path
        try Checkpoint.write(tensors: tensors, metadata: metadata, to: runDirectory.appendingPathComponent("policy"))
        if previous > 1 { try? FileManager.default.removeItem(at: directory.appendingPathComponent(String(previous - 1))) }
    }

    /// Reads the newest checkpoint: networks and metadata, replay, state.
    /// - Throws: `LearningError.invalidCheckpoint` or `NeuralError` naming the file.
    public func readLatest() throws -> (metadata: CheckpointMetadata, file: SafetensorsFile, replay: SafetensorsFile,
                                        state: LearnerCheckpointState)? {
        guard let target = latestDirectory() else { return nil }
        let (metadata, file) = try Checkpoint.read(from: target)
        let replay = try SafetensorsFile(contentsOf: target.appendingPathComponent("replay.safetensors"))
        let stateURL = target.appendingPathComponent("sidecar.json")
        do {
            let state = try Checkpoint.decoder().decode(LearnerCheckpointState.self, from: Data(contentsOf: stateURL))
            return (metadata, file, replay, state)
        } catch {
            throw LearningError.invalidCheckpoint(path: stateURL.path, reason: "\(error)")
        }
    }
}
