import Foundation
import Learning
import Neural
import Sim
import SteadyCore
import Testing

@Suite struct CheckpointTests {
    /// Trains briefly on the bandit with a run directory; returns the agent and the directory.
    func trainedRun(_ agent: any OffPolicyAgent, name: String) throws -> URL {
        let directory = temporaryDirectory(name)
        var settings = TrainingSettings(totalSteps: 300, seed: 2)
        settings.learningStarts = 50
        settings.evaluationInterval = 100
        settings.evaluationEpisodes = 1
        settings.finalEvaluationEpisodes = 3
        settings.logInterval = 120   // rows at 120 and 240, then the final step 300
        let trainer = OffPolicyTrainer(agent: agent, environments: [BanditEnvironment()],
                                       evaluationEnvironment: BanditEnvironment(), settings: settings,
                                       runDirectory: directory)
        let result = try trainer.run()
        #expect(result.evaluation.returns.count == 3)
        return directory
    }

    static func agents() -> [any OffPolicyAgent] {
        var sac = SACConfiguration()
        sac.hiddenSizes = [8, 8]
        sac.batchSize = 16
        var td3 = TD3Configuration()
        td3.hiddenSizes = [8, 8]
        td3.batchSize = 16
        var ddpg = TD3Configuration.ddpg
        ddpg.hiddenSizes = [8, 8]
        ddpg.batchSize = 16
        return [SAC(observationSize: 2, actionSize: 1, configuration: sac, seed: 1),
                SAC(observationSize: 2, actionSize: 1, configuration: sac, exploration: .init(kind: .gsde), seed: 1),
                TD3(observationSize: 2, actionSize: 1, configuration: td3, seed: 1),
                TD3(observationSize: 2, actionSize: 1, configuration: ddpg, exploration: .init(kind: .param), seed: 1)]
    }

    @Test func checkpointPolicyActsExactlyAsTheAgentAndRunFilesAreWritten() throws {
        for (index, agent) in Self.agents().enumerated() {
            let directory = try trainedRun(agent, name: "roundtrip\(index)")
            defer { try? FileManager.default.removeItem(at: directory) }
            let policy = try CheckpointPolicy(directory: directory.appendingPathComponent("policy"))
            #expect(policy.metadata.algorithm == agent.algorithm)
            #expect(policy.metadata.step == 300)
            #expect(policy.metadata.exploration == agent.exploration)
            var generator = SeededGenerator(seed: 4)
            for _ in 0..<20 {
                let observation: [Float] = [Float(generator.uniform(-1, 1)), Float(generator.uniform(-1, 1))]
                var expected: [Float] = [0], actual: [Float] = [0]
                observation.withUnsafeBufferPointer { o in
                    expected.withUnsafeMutableBufferPointer { agent.act(observation: o, into: $0) }
                    actual.withUnsafeMutableBufferPointer { policy.act(observation: o, action: $0) }
                }
                #expect(actual == expected)
            }
            let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
            #expect(files == ["eval.json", "policy", "progress.csv", "wear.json"])
            let csv = try String(contentsOf: directory.appendingPathComponent("progress.csv"), encoding: .utf8)
            #expect(csv.split(separator: "\n").count == 4)
            #expect(csv.split(separator: "\n").last!.hasPrefix("300,"), "the last row is the final step")
            #expect(csv.hasPrefix(ProgressLog.columns.joined(separator: ",")))
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("eval.json")))
                as! [String: Any]
            for key in ["mean_return", "std_return", "episodes", "steps", "wall_seconds"] { #expect(json[key] != nil, "\(key)") }
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("policy/checkpoint.json").path))
        }
    }

    @Test func wrongShapeTruncationAndWrongEnvironmentAreClearErrors() throws {
        let directory = try trainedRun(Self.agents()[0], name: "bad")
        defer { try? FileManager.default.removeItem(at: directory) }
        let policyDirectory = directory.appendingPathComponent("policy")
        let model = policyDirectory.appendingPathComponent(Checkpoint.modelFileName)
        let original = try Data(contentsOf: model)

        // A policy trained on a 2-observation bandit does not fit the 3-observation pendulum.
        let policy = try CheckpointPolicy(directory: policyDirectory)
        #expect(throws: LearningError.self) { try policy.checkCompatible(with: Pendulum()) }

        // A tensor of the wrong shape names the file and the tensor.
        var file = try SafetensorsFile(contentsOf: model)
        let index = file.tensors.firstIndex { $0.name == "actor.2.weight" }!
        file.tensors[index] = .init(name: "actor.2.weight", shape: [8, 4], values: [Float](repeating: 0, count: 32))
        try file.write(to: model)
        #expect(throws: NeuralError.shapeMismatch(path: model.path, tensor: "actor.2.weight", expected: [8, 8],
                                                  found: [8, 4])) {
            try CheckpointPolicy(directory: policyDirectory)
        }

        // A truncated file.
        try original.prefix(original.count - 100).write(to: model)
        do {
            _ = try CheckpointPolicy(directory: policyDirectory)
            Issue.record("a truncated checkpoint loaded")
        } catch let error as NeuralError {
            guard case .truncated = error else { Issue.record("expected truncated, got \(error)"); return }
            #expect(error.description.contains(model.path))
        }

        // No checkpoint at all.
        #expect(throws: LearningError.self) { try CheckpointPolicy(directory: directory.appendingPathComponent("nothing")) }
    }

    /// The checkpoint's metadata JSON rewritten by `change`, written back into its tensors file.
    func rewriteMetadata(of model: URL, _ change: (inout [String: Any]) -> Void) throws {
        var file = try SafetensorsFile(contentsOf: model)
        var json = try JSONSerialization.jsonObject(with: Data(file.metadata[Checkpoint.metadataKey]!.utf8)) as! [String: Any]
        change(&json)
        file.metadata[Checkpoint.metadataKey] = String(decoding: try JSONSerialization.data(withJSONObject: json), as: UTF8.self)
        try file.write(to: model)
    }

    @Test("metadata of another format, or sizes the file cannot hold, are refused before anything is built (issue 15)")
    func hostileMetadataIsRefused() throws {
        let directory = try trainedRun(Self.agents()[2], name: "hostile")
        defer { try? FileManager.default.removeItem(at: directory) }
        let policyDirectory = directory.appendingPathComponent("policy")
        let model = policyDirectory.appendingPathComponent(Checkpoint.modelFileName)
        let original = try Data(contentsOf: model)
        func refusal() -> String? {
            do { _ = try CheckpointPolicy(directory: policyDirectory); return nil } catch { return "\(error)" }
        }
        #expect(refusal() == nil)

        try rewriteMetadata(of: model) { $0["format"] = 99 }
        #expect(refusal() == "\(model.path): invalid checkpoint: field 'format' is 99, but this steady reads format 1 only (written by another version?)")

        try original.write(to: model)
        try rewriteMetadata(of: model) { json in
            var actor = json["actor"] as! [String: Any]
            actor["hidden_sizes"] = [100_000_000, 100_000_000]
            json["actor"] = actor
        }
        #expect(refusal()?.contains("field 'actor.hidden_sizes': 100000000 is out of range: must be an integer in [1, 4096] units") == true,
                "\(refusal() ?? "loaded")")

        try original.write(to: model)
        try rewriteMetadata(of: model) { json in
            var actor = json["actor"] as! [String: Any]
            actor["hidden_sizes"] = [4096, 4096]
            json["actor"] = actor
        }
        #expect(refusal()?.contains("describe an actor of at least 16797697 values, but the file holds") == true, "\(refusal() ?? "loaded")")
    }
}
