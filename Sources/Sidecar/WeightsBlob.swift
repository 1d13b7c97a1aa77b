import Foundation
import Learning
import Neural

/// The safetensors blobs of `WEIGHTS` and `EXPLORATION` frames.
public enum WeightsBlob {
    /// An agent's actor tensors (`actor.*`, not `actor_target.*`) with `__metadata__.steady` =
    /// `metadata`'s JSON.
    public static func weights(of agent: any OffPolicyAgent, metadata: CheckpointMetadata) throws -> [UInt8] {
        let tensors = agent.checkpointTensors().filter { $0.name.hasPrefix("actor.") }
        let json = String(decoding: try Checkpoint.encode(metadata), as: UTF8.self)
        return Array(SafetensorsFile(tensors: tensors, metadata: [Checkpoint.metadataKey: json, "format": "pt"]).serialized())
    }

    /// Reads a `WEIGHTS` blob: the tensors, and the metadata when it decodes.
    /// - Throws: `NeuralError` for a malformed safetensors blob.
    public static func readWeights(_ bytes: [UInt8]) throws -> (file: SafetensorsFile, metadata: CheckpointMetadata?) {
        let file = try SafetensorsFile(bytes: Data(bytes), path: "WEIGHTS")
        let metadata = file.metadata[Checkpoint.metadataKey].flatMap { json in
            try? Checkpoint.decoder().decode(CheckpointMetadata.self, from: Data(json.utf8))
        }
        return (file, metadata)
    }

    /// An `EXPLORATION` blob of `state` with `kind` and `noise_interval` metadata.
    public static func exploration(_ state: ExplorationState, settings: ExplorationSettings) -> [UInt8] {
        var tensors: [SafetensorsFile.Tensor] = []
        if let sigma = state.parameterNoiseSigma {
            tensors.append(.init(name: "parameter_noise_sigma", shape: [1], values: [Float(sigma)]))
        }
        if let sigma = state.stateDependentSigma {
            tensors.append(.init(name: "state_dependent_sigma", shape: [sigma.count], values: sigma))
        }
        let metadata = ["kind": settings.kind.rawValue, "noise_interval": String(settings.noiseInterval)]
        return Array(SafetensorsFile(tensors: tensors, metadata: metadata).serialized())
    }

    /// Reads an `EXPLORATION` blob into a state; values must be finite.
    /// - Throws: `NeuralError` for a malformed blob, `ActorWeightsError.nonFinite`.
    public static func readExploration(_ bytes: [UInt8]) throws -> ExplorationState {
        let file = try SafetensorsFile(bytes: Data(bytes), path: "EXPLORATION")
        for tensor in file.tensors {
            if let bad = tensor.values.firstIndex(where: { !$0.isFinite }) {
                throw ActorWeightsError.nonFinite(tensor: tensor.name, index: bad)
            }
        }
        return ExplorationState(parameterNoiseSigma: file["parameter_noise_sigma"]?.values.first.map(Double.init),
                                stateDependentSigma: file["state_dependent_sigma"]?.values)
    }
}
