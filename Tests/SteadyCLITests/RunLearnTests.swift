import Foundation
import Testing

/// `steady run --learn`: reach episodes on a physics twin stream to a sidecar the run starts,
/// the learner's weights come back, and the reset motion between episodes teaches nothing.
@Suite(.serialized) struct RunLearnTests {
    func scratch() throws -> URL {
        let directory = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("steady-learn-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// The integer after `prefix` in the line that contains it.
    func number(after prefix: String, in output: String) -> Int? {
        guard let range = output.range(of: prefix) else { return nil }
        return Int(output[range.upperBound...].prefix { $0.isNumber })
    }

    @Test func episodesOnATwinStreamToAStartedSidecarAndEveryTransitionIsAccountedFor() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let twin = try TwinProcess(robot: "so101")
        defer { _ = twin.stop() }
        let log = directory.appendingPathComponent("run")
        let result = try steady(["run", "--robot", "so101", "--port", twin.link, "--learn", "td3", "--explore", "ou",
                                 "--noise-interval", "4", "--episodes", "3", "--net", "16,16", "--learning-starts", "50",
                                 "--publish-every", "5", "--rate", "100", "--soft-start", "0.3", "--log", log.path,
                                 "--no-realtime", "--quiet", "--max-failed-ticks", "25", "--max-failed-share", "0.5"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("learning: td3 on so101:reach"), "\(result.output)")
        for episode in 1...3 { #expect(result.output.contains("episode \(episode): return "), "\(result.output)") }
        // The task's steps per episode (its header line), and nothing from the motion back to
        // the start pose between episodes.
        let header = result.output.components(separatedBy: " steps per episode").first ?? ""
        let perEpisode = Int(header.split(separator: " ").last ?? "") ?? -1
        #expect(perEpisode > 0, "\(result.output)")
        let expected = 3 * perEpisode
        #expect(number(after: "transitions produced ", in: result.output) == expected, "\(result.output)")
        #expect(number(after: "acknowledged ", in: result.output) == expected, "\(result.output)")
        #expect(number(after: "duplicated ", in: result.output) == 0, "\(result.output)")
        #expect(result.output.contains("they add up"), "\(result.output)")
        #expect(result.output.contains("all 3 (1–3)") && !result.output.contains("last 3"), "\(result.output)")
        // The learner published weights back, and the last episodes ran on them.
        let version = number(after: "weights v", in: result.output.components(separatedBy: "episode 3:").last ?? "")
        #expect((version ?? 0) > 0, "\(result.output)")
        #expect(result.output.contains("torque off on every motor"), "\(result.output)")
        let sidecarLog = try String(contentsOf: log.appendingPathComponent("sidecar/sidecar.log"), encoding: .utf8)
        #expect(sidecarLog.contains("\(expected) transitions stored"), "\(sidecarLog)")
        #expect(FileManager.default.fileExists(atPath: log.appendingPathComponent("sidecar/checkpoints").path))
    }

    /// Fine-tuning a checkpoint: the started learner bootstraps with the checkpoint's discount
    /// and critic shape (its γ 0.95 and LayerNorm critics, not the sidecar's 0.99 and plain
    /// ones) and takes `--lr` when given; its own checkpoint says so.
    @Test func aLearnerStartedFromACheckpointKeepsItsHyperparameters() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let twin = try TwinProcess(robot: "so101")
        defer { _ = twin.stop() }
        let log = directory.appendingPathComponent("run")
        let result = try steady(["run", "--robot", "so101", "--port", twin.link, "--learn", "sac", "--init-from", "robots/so101/policies/reach",
                                 "--lr", "2e-4", "--episodes", "2", "--learning-starts", "20", "--publish-every", "5", "--rate", "100",
                                 "--soft-start", "0.3", "--log", log.path, "--no-realtime", "--quiet",
                                 "--max-failed-ticks", "25", "--max-failed-share", "0.5"])
        #expect(result.status == 0, "\(result.output)")
        let sidecar = log.appendingPathComponent("sidecar")
        let sidecarLog = try String(contentsOf: sidecar.appendingPathComponent("sidecar.log"), encoding: .utf8)
        #expect(sidecarLog.contains("its batch 256, tau 0.005, gamma 0.95, LayerNorm critics"), "\(sidecarLog)")
        let latest = try String(contentsOf: sidecar.appendingPathComponent("checkpoints/latest"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let json = try Data(contentsOf: sidecar.appendingPathComponent("checkpoints/\(latest)/checkpoint.json"))
        let metadata = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        let hyperparameters = try #require(metadata["hyperparameters"] as? [String: Double])
        #expect(hyperparameters["gamma"] == 0.95 && hyperparameters["critic_layer_norm"] == 1, "\(hyperparameters)")
        #expect(hyperparameters["learning_rate"] == 2e-4, "\(hyperparameters)")
    }

    @Test func learningOptionsAreCheckedBeforeAnythingMoves() throws {
        let both = try steady(["run", "--robot", "so101", "--port", "/nonexistent", "--policy", "hold", "--learn", "sac"])
        #expect(both.status != 0)
        #expect(both.output.contains("--policy and --learn exclude each other"), "\(both.output)")
        let neither = try steady(["run", "--robot", "so101", "--port", "/nonexistent"])
        #expect(neither.status != 0)
        #expect(neither.output.contains("--policy"), "\(neither.output)")
        let paramPolicy = try steady(["run", "--robot", "so101", "--port", "/nonexistent", "--learn", "td3", "--explore", "policy"])
        #expect(paramPolicy.status != 0)
        #expect(paramPolicy.output.contains("--explore policy is SAC's own sampling"), "\(paramPolicy.output)")
        for (option, value) in [("--utd", "21"), ("--episodes", "0"), ("--ring", "-1"), ("--send-batch", "nan")] {
            let bad = try steady(["run", "--robot", "so101", "--port", "/nonexistent", "--learn", "sac", option, value])
            #expect(bad.status != 0, "\(option) \(value)")
            #expect(bad.output.contains(option), "\(option) \(value): \(bad.output)")
        }
    }
}

/// `steady bench tick --learning`: the learning policy's tick (exploration, episodes and the
/// return motion, transitions into the ring, weights swapped in) allocates nothing.
@Suite struct LearningTickAllocationTests {
    @Test func theLearningTickAllocatesNothing() throws {
        let result = try steady(["bench", "tick", "--learning", "--ticks", "30000"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("learning reach policy"), "\(result.output)")
        if result.output.contains("allocations: not counted") { return }   // no glibc malloc tracer here
        #expect(result.output.contains("allocations: 0 in 20000 ticks"), "\(result.output)")   // the traced run is capped at 20000
    }
}

/// The sidecar's and the actor's numeric options are range-checked like every command's.
@Suite struct SidecarOptionRangeTests {
    @Test func outOfRangeNumbersAreRefusedNamingTheOption() throws {
        let sidecar: [(String, String)] = [("--checkpoint-every", "inf"), ("--checkpoint-every", "-1"), ("--utd", "0"),
                                          ("--max-batch", "70000"), ("--window", "nan"), ("--steps", "0"),
                                          ("--publish-every", "0"), ("--learning-starts", "-5")]
        for (option, value) in sidecar {
            let result = try steady(["sidecar", "--env", "pendulum", "--run-dir", "/nonexistent/steady-ranges", "\(option)=\(value)"])
            #expect(result.status != 0, "sidecar \(option) \(value)")
            #expect(result.output.contains(option), "sidecar \(option) \(value): \(result.output)")
            #expect(!result.output.contains("Fatal error"), "sidecar \(option) \(value)")
        }
        let actor: [(String, String)] = [("--envs", "0"), ("--send-batch", "-1"), ("--store", "inf"), ("--steps", "0")]
        for (option, value) in actor {
            let result = try steady(["actor", "--env", "pendulum", "--sidecar", "/nonexistent/steady.sock", "\(option)=\(value)"])
            #expect(result.status != 0, "actor \(option) \(value)")
            #expect(result.output.contains(option), "actor \(option) \(value): \(result.output)")
        }
    }
}
