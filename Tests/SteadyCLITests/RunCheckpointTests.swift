import Foundation
import Testing

/// `steady run --policy CHECKPOINT`: a policy trained with `steady train` drives the twin, and a
/// checkpoint that does not fit the robot is refused before anything moves.
@Suite(.serialized) struct RunCheckpointTests {
    /// A fresh scratch directory.
    func scratch() throws -> URL {
        let directory = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("steady-run-ckpt-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// Trains a tiny SAC policy on `environment` into `directory` (a few seconds at most).
    func train(_ environment: String, into directory: URL) throws {
        let result = try steady(["train", "--env", environment, "--algo", "sac", "--steps", "300", "--learning-starts", "100",
                                 "--net", "16,16", "--batch", "32", "--final-episodes", "1", "--quiet", "--out", directory.path])
        try #require(result.status == 0, "\(result.output)")
    }

    @Test func aTrainedReachCheckpointRunsOnTheTwinAndEndsWithTorqueOff() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let checkpoint = directory.appendingPathComponent("reach")
        try train("so101:reach", into: checkpoint)
        let twin = try TwinProcess(robot: "so101")
        defer { _ = twin.stop() }
        let log = directory.appendingPathComponent("run")
        // A patient bus watchdog: this test is about the checkpoint, and the twin shares the machine
        // with the tests beside it (the bus's own limits are RunSafetyTests').
        let result = try steady(["run", "--robot", "so101", "--port", twin.link, "--policy", checkpoint.path, "--rate", "100",
                                 "--duration", "2", "--soft-start", "0.5", "--log", log.path, "--no-realtime", "--quiet",
                                 "--max-failed-ticks", "25", "--max-failed-share", "0.5"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("checkpoint: sac so101:reach, step 300"), "\(result.output)")
        #expect(result.output.contains("(drawn with --seed 0); called at 50.0 Hz, interpolated to 100 Hz"), "\(result.output)")
        #expect(result.output.contains("done: duration reached"))
        #expect(result.output.contains("torque off on every motor"))
        #expect(result.output.contains("reach: end effector"))
        // Every tick is logged (how many run depends on how many deadlines a busy machine skips).
        func count(after prefix: String) -> Int? {
            result.output.split(separator: "\n").first { $0.hasPrefix(prefix) }
                .flatMap { Int($0.dropFirst(prefix.count).prefix { $0.isNumber }) }
        }
        let ran = try #require(count(after: "loop: "), "\(result.output)")
        #expect(ran > 100 && count(after: "log: ") == ran, "\(result.output)")
        #expect(FileManager.default.fileExists(atPath: log.appendingPathComponent("run.mcap").path))
        #expect(FileManager.default.fileExists(atPath: log.appendingPathComponent("summary.json").path))

        // The same checkpoint on another robot: refused, naming the file and the field.
        let wrongRobot = try steady(["run", "--robot", "koch", "--port", twin.link, "--policy", checkpoint.path, "--no-realtime"])
        #expect(wrongRobot.status != 0)
        #expect(wrongRobot.output.contains("reach/policy/model.safetensors: field 'environment' 'so101:reach' was trained for robot so101, not --robot koch"),
                "\(wrongRobot.output)")
    }

    @Test func aCheckpointWhoseObservationSizeDiffersIsRefusedNamingFileAndField() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        // A LEAP hand policy (76 observations) relabelled as an SO-101 reach policy (35): the
        // tensors stay consistent with the metadata's sizes, only the environment lies.
        let checkpoint = directory.appendingPathComponent("hand")
        try train("leap_hand:pose", into: checkpoint)
        let file = checkpoint.appendingPathComponent("policy/model.safetensors")
        var bytes = try Data(contentsOf: file)
        let original = Data("leap_hand:pose\\\"".utf8), relabelled = Data("so101:reach\\\"   ".utf8)
        let range = try #require(bytes.range(of: original))
        bytes.replaceSubrange(range, with: relabelled)
        try bytes.write(to: file)

        let result = try steady(["run", "--robot", "so101", "--port", "/nonexistent/port", "--policy", checkpoint.path, "--no-realtime"])
        #expect(result.status != 0)
        #expect(result.output.contains("hand/policy/model.safetensors: field 'observation_size' 76, but so101:reach on so101 (6 joints) observes 35 values"),
                "\(result.output)")
        #expect(!result.output.contains("Fatal error"))

        let missing = try steady(["run", "--robot", "so101", "--port", "/nonexistent/port", "--policy", directory.appendingPathComponent("none").path])
        #expect(missing.status != 0)
        #expect(missing.output.contains("no such directory"), "\(missing.output)")
    }
}
