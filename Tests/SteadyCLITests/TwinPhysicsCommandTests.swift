import Foundation
import Testing

/// `steady twin --physics`: which plant answers, and what an override file changed.
@Suite(.serialized) struct TwinPhysicsCommandTests {
    /// Starts `steady twin` with `arguments`, waits for its link, stops it with SIGINT and
    /// returns its exit status and everything it printed.
    func runTwin(_ arguments: [String]) throws -> CommandResult {
        let link = NSTemporaryDirectory() + "steady-physics-\(UUID().uuidString.prefix(8))"
        let process = Process()
        process.executableURL = steadyBinary
        process.arguments = ["twin", "--robot", "so101", "--link", link] + arguments
        process.currentDirectoryURL = repositoryRoot
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning, (try? FileManager.default.destinationOfSymbolicLink(atPath: link)) == nil, Date() < deadline {
            usleep(20_000)
        }
        if process.isRunning { process.interrupt() }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    @Test func so101UsesMuJoCoByDefaultAndTheFirstOrderPlantWhenAsked() throws {
        let physics = try runTwin(["--physics", "mujoco"])
        #expect(physics.status == 0, "\(physics.output)")
        #expect(physics.output.contains("physics: MuJoCo robots/so101/model.xml"), "\(physics.output)")
        #expect(physics.output.contains("servos robots/so101/physics.yaml"))

        let simple = try runTwin(["--physics", "none"])
        #expect(simple.status == 0)
        #expect(simple.output.contains("physics: first-order servo plant"), "\(simple.output)")
        let unset = try runTwin([])
        #expect(unset.status == 0, "\(unset.output)")
        #expect(unset.output.contains("physics: MuJoCo robots/so101/model.xml"), "\(unset.output)")
    }

    @Test func anOverrideFileIsAppliedAndItsChangesPrinted() throws {
        let result = try runTwin(["--physics", "robots/so101/physics-heavy.yaml"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("physics overrides from robots/so101/physics-heavy.yaml: 35 changes"), "\(result.output)")
        #expect(result.output.contains("  joints.elbow_flex.force_limit: 1.91 → 1.6 N·m"))
        #expect(result.output.contains("  bodies.lower_arm.mass: 0.104 → 0.1248 kg"))
    }

    @Test func badOverrideFilesFailNamingFileLineFieldAndKnownNames() throws {
        let directory = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("steady-physics-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("real.yaml")
        try "joints:\n  elbow_flex: {kp: stiff}\n".write(to: file, atomically: true, encoding: .utf8)
        var result = try runTwin(["--physics", file.path])
        #expect(result.status != 0)
        #expect(result.output.contains("real.yaml:2: field 'joints.elbow_flex.kp': 'stiff' is not a finite number"), "\(result.output)")

        try "joints:\n  elbow: {kp: 100}\n".write(to: file, atomically: true, encoding: .utf8)
        result = try runTwin(["--physics", file.path])
        #expect(result.status != 0)
        #expect(result.output.contains("unknown joint 'elbow' (known joints: shoulder_pan, shoulder_lift, elbow_flex"), "\(result.output)")
        #expect(!result.output.contains("Fatal error"))

        result = try runTwin(["--physics", directory.appendingPathComponent("missing.yaml").path])
        #expect(result.status != 0)
        #expect(result.output.contains("missing.yaml: no such file"), "\(result.output)")
    }
}
