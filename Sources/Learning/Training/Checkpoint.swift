import Foundation
import Neural
import SteadyCore

/// A checkpoint directory: `model.safetensors` (every tensor, plus the metadata JSON in its
/// header) and `checkpoint.json` (the same metadata, pretty-printed).
///
/// The safetensors file is written atomically and is self-describing, so a crash between the
/// two writes leaves a consistent checkpoint; readers trust the metadata inside it.
public enum Checkpoint {
    /// The tensors file's name.
    public static let modelFileName = "model.safetensors"
    /// The human-readable metadata file's name.
    public static let metadataFileName = "checkpoint.json"
    /// The `__metadata__` key holding the metadata JSON.
    public static let metadataKey = "steady"

    /// Writes `tensors` and `metadata` into `directory` (created if needed), each file atomically.
    /// - Throws: `SteadyFileError.writeFailed` naming the file.
    public static func write(tensors: [SafetensorsFile.Tensor], metadata: CheckpointMetadata, to directory: URL) throws {
        let json = try encode(metadata)
        let file = SafetensorsFile(tensors: tensors, metadata: [metadataKey: String(decoding: json, as: UTF8.self),
                                                                "format": "pt"])
        try file.write(to: directory.appendingPathComponent(modelFileName))
        try AtomicFile.write(json, to: directory.appendingPathComponent(metadataFileName))
    }

    /// Reads a checkpoint directory's tensors and metadata.
    /// - Throws: `NeuralError` for an unreadable, truncated or malformed file;
    ///   `LearningError.invalidCheckpoint` when the metadata is missing or unreadable.
    public static func read(from directory: URL) throws -> (metadata: CheckpointMetadata, file: SafetensorsFile) {
        let url = directory.appendingPathComponent(modelFileName)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw LearningError.invalidCheckpoint(path: url.path, reason: "no such file (is \(directory.path) a checkpoint directory?)")
        }
        return try read(SafetensorsFile(contentsOf: url))
    }

    /// The metadata of an already-read tensors file (whose `path` names it in errors).
    /// - Throws: `LearningError.invalidCheckpoint` when the metadata is missing, does not
    ///   decode, or has a `format` other than `CheckpointMetadata.currentFormat`.
    public static func read(_ file: SafetensorsFile) throws -> (metadata: CheckpointMetadata, file: SafetensorsFile) {
        guard let json = file.metadata[metadataKey] else {
            throw LearningError.invalidCheckpoint(path: file.path, reason: "no '\(metadataKey)' entry in the safetensors metadata")
        }
        let metadata: CheckpointMetadata
        do {
            metadata = try decoder().decode(CheckpointMetadata.self, from: Data(json.utf8))
        } catch {
            throw LearningError.invalidCheckpoint(path: file.path, reason: "metadata does not decode: \(error)")
        }
        guard metadata.format == CheckpointMetadata.currentFormat else {
            throw LearningError.invalidCheckpoint(path: file.path, reason: "field 'format' is \(metadata.format), but this steady "
                                                  + "reads format \(CheckpointMetadata.currentFormat) only (written by another version?)")
        }
        return (metadata, file)
    }

    /// The metadata as pretty, key-sorted JSON (infinite bounds as "inf" / "-inf").
    public static func encode(_ metadata: CheckpointMetadata) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf",
                                                                      nan: "nan")
        return try encoder.encode(metadata)
    }

    /// The JSON decoder of checkpoint metadata ("inf" / "-inf" / "nan" as floats).
    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf",
                                                                        nan: "nan")
        return decoder
    }
}
