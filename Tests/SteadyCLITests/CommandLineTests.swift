import Foundation
import Testing
import ServoBus
import SteadyCore

/// The repository root, found from this file's location.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The `steady` binary SwiftPM built for this test run, beside the test bundle (this target
/// depends on `steady`). Never another build's binary: were it missing, running it fails the
/// test with the path, rather than a stale `.build/release/steady` passing in its place.
let steadyBinary: URL = {
    let bundleDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let candidates = [bundleDirectory, bundleDirectory.deletingLastPathComponent()].map { $0.appendingPathComponent("steady") }
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
}()

struct CommandResult {
    var status: Int32
    var output: String
}

/// Runs `steady` with `arguments` from the repository root; standard output and error together.
func steady(_ arguments: [String], input: String? = nil) throws -> CommandResult {
    let process = Process()
    process.executableURL = steadyBinary
    process.arguments = arguments
    process.currentDirectoryURL = repositoryRoot
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    let inputPipe = Pipe()
    process.standardInput = input == nil ? FileHandle.nullDevice : inputPipe
    try process.run()
    if let input {
        inputPipe.fileHandleForWriting.write(Data(input.utf8))
        try inputPipe.fileHandleForWriting.close()
    }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CommandResult(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
}

/// A running `steady twin` process and its link.
final class TwinProcess {
    let process = Process()
    let link: String

    init(robot: String, arguments: [String] = []) throws {
        link = NSTemporaryDirectory() + "steady-cli-\(robot)-\(UUID().uuidString.prefix(8))"
        process.executableURL = steadyBinary
        process.arguments = ["twin", "--robot", robot, "--link", link] + arguments
        process.currentDirectoryURL = repositoryRoot
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(10)
        while (try? FileManager.default.destinationOfSymbolicLink(atPath: link)) == nil, Date() < deadline {
            usleep(20_000)
        }
    }

    /// Stops the twin with SIGINT (or SIGTERM) and returns its exit status.
    func stop(terminate: Bool = false) -> Int32 {
        if terminate { process.terminate() } else { process.interrupt() }
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit { if process.isRunning { process.terminate() } }
}

@Suite(.serialized) struct CommandLineTests {
    @Test func scanFindsTheSixSO101MotorsAndTheSixteenLeapMotors() throws {
        let so101 = try TwinProcess(robot: "so101")
        let result = try steady(["scan", "--port", so101.link, "--protocol", "feetech", "--baud", "1000000"])
        #expect(result.status == 0)
        #expect(result.output.contains("6 feetech motors @ 1000000 baud"))
        #expect(result.output.components(separatedBy: "sts3215").count - 1 == 6)
        #expect(so101.stop() == 0)
        #expect(!FileManager.default.fileExists(atPath: so101.link))

        let leap = try TwinProcess(robot: "leap_hand")
        let leapResult = try steady(["scan", "--port", leap.link, "--protocol", "dynamixel", "--baud", "auto"])
        #expect(leapResult.status == 0)
        #expect(leapResult.output.contains("16 dynamixel motors"))
        #expect(leapResult.output.components(separatedBy: "xc330-m288").count - 1 == 16)
        _ = leap.stop()
    }

    @Test func readShowsEveryJointInRadiansAndDegrees() throws {
        let twin = try TwinProcess(robot: "koch")
        defer { _ = twin.stop() }
        let result = try steady(["read", "--robot", "koch", "--port", twin.link, "--count", "1"])
        #expect(result.status == 0)
        for joint in ["shoulder_pan", "shoulder_lift", "elbow_flex", "wrist_flex", "wrist_roll", "gripper"] {
            #expect(result.output.contains(joint))
        }
        #expect(result.output.contains("pos deg"))
    }

    @Test func readShowsPositionsThatFollowGoalsWrittenToTheTwin() throws {
        // The first-order plant reaches the goal to the tick; a physics arm holds it a tick or two off under gravity.
        let twin = try TwinProcess(robot: "so101", arguments: ["--physics", "none"])
        defer { _ = twin.stop(terminate: true) }
        let robot = try RobotDescription.load(file: repositoryRoot.appendingPathComponent("robots/so101/robot.yaml"))
        do {
            // Another client writes the goals (elbow_flex to +30°), then lets go of the port.
            let bus = RobotBus(robot: robot, bus: PacketBus(transport: try SerialPort(path: twin.link, baudRate: robot.baudRate),
                                                            protocolKind: .feetech, latencyAllowanceSeconds: 0.02))
            try bus.setTorque(true)
            try bus.write("Goal_Position", values: [2047, 2047, 2047 + 341, 2047, 2047, 2047])   // 341 ticks = 29.97°
        }
        // Columns: joint, id, pos rad, pos deg, … (the load column can read 30.0 too while moving).
        var elbow: [Substring] = []
        let deadline = Date().addingTimeInterval(5)
        repeat {
            let result = try steady(["read", "--robot", "so101", "--port", twin.link, "--count", "1"])
            #expect(result.status == 0)
            elbow = result.output.split(separator: "\n").first { $0.hasPrefix("elbow_flex") }?.split(separator: " ") ?? []
        } while !(elbow.count > 3 && elbow[3] == "30.0") && Date() < deadline
        #expect(elbow.count > 3 && elbow[2] == "0.523" && elbow[3] == "30.0", "\(elbow)")
    }

    @Test func twinStopsOnSIGTERMAndRemovesItsLink() throws {
        let twin = try TwinProcess(robot: "koch")
        #expect(FileManager.default.fileExists(atPath: twin.link))
        #expect(twin.stop(terminate: true) == 0)
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: twin.link)) == nil)
    }

    @Test func calibrateAsksLikeLeRobotAndRefusesAJointThatNeverMoved() throws {
        let twin = try TwinProcess(robot: "so101")
        defer { _ = twin.stop() }
        let file = NSTemporaryDirectory() + "steady-cal-\(UUID().uuidString).json"
        // Enter at the middle pose, Enter to end the sweep. The physics twin's arm sags with torque off,
        // but shoulder_pan turns about a vertical axis: gravity leaves it where it is.
        let result = try steady(["calibrate", "--robot", "so101", "--port", twin.link, "--id", "asked", "--output", file],
                                input: "\n\n")
        #expect(result.output.contains("Move so101 to the middle of its range of motion, then press Enter"))
        #expect(result.output.contains("Move every joint through its entire range of motion; press Enter when done."))
        #expect(result.status != 0 && result.output.contains("joint 'shoulder_pan' (motor 1) did not move during the sweep"),
                "\(result.output)")
    }

    /// Twins' ports belong to root with mode 620, as USB adapters belong to root:dialout 660: only
    /// root can drop to another user (setpriv) to try the port as one outside the group.
    @Test(.enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"),
                   "needs root and /usr/bin/setpriv to run steady as user nobody; skipped"))
    func aUserOutsideTheDialoutGroupGetsTheHint() throws {
        let twin = try TwinProcess(robot: "so101")
        defer { _ = twin.stop() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        process.arguments = ["--reuid=nobody", "--regid=nogroup", "--clear-groups", steadyBinary.path,
                             "read", "--robot", repositoryRoot.appendingPathComponent("robots/so101").path, "--port", twin.link]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus != 0)
        #expect(output.contains("permission denied (add yourself to the 'dialout' group"), "\(output)")
    }

    @Test func calibrateWritesALeRobotFileThatLoadsBack() throws {
        // The first-order plant stands still with torque off; the physics twin would sag under gravity.
        let twin = try TwinProcess(robot: "so101", arguments: ["--physics", "none"])
        defer { _ = twin.stop() }
        let file = NSTemporaryDirectory() + "steady-cal-\(UUID().uuidString).json"
        let result = try steady(["calibrate", "--robot", "so101", "--port", twin.link, "--id", "test_arm", "--yes",
                                 "--ranges-from-robot", "--output", file])
        #expect(result.status == 0, "\(result.output)")
        let robot = try RobotDescription.load(file: repositoryRoot.appendingPathComponent("robots/so101/robot.yaml"))
        let calibration = try RobotCalibration.load(file: URL(fileURLWithPath: file), robot: robot)
        // Half-turn homing at the present pose: a fresh twin stands at 2047, so the offset is 0.
        #expect(calibration.motors.allSatisfy { $0.homingOffset == 0 })
        #expect(calibration.motors[4].rangeMin == 0 && calibration.motors[4].rangeMax == 4095)   // wrist_roll: full turn
        // shoulder_pan ±1.92 rad = ±1252 ticks about 2047.
        #expect(calibration.motors[0].rangeMin == 2047 - 1252 && calibration.motors[0].rangeMax == 2047 + 1252)
        // Reading with that calibration puts the arm at 0 rad (it stands at the middle).
        let read = try steady(["read", "--robot", "so101", "--port", twin.link, "--calibration", file, "--count", "1"])
        #expect(read.status == 0)
        for line in read.output.split(separator: "\n").dropFirst() {
            #expect(line.contains(" 0.000 "), "\(line)")
        }
    }

    @Test func aSweepInWhichAJointNeverMovesIsRefusedAndNoFileIsWritten() throws {
        // The physics twin's arm sags with torque off; shoulder_pan, a vertical axis, stays where it is.
        let twin = try TwinProcess(robot: "so101")
        defer { _ = twin.stop() }
        let file = NSTemporaryDirectory() + "steady-cal-\(UUID().uuidString).json"
        let result = try steady(["calibrate", "--robot", "so101", "--port", twin.link, "--id", "still", "--yes",
                                 "--sweep-seconds", "0.2", "--output", file])
        #expect(result.status != 0)
        #expect(result.output.contains("joint 'shoulder_pan' (motor 1) did not move during the sweep"), "\(result.output)")
        #expect(!FileManager.default.fileExists(atPath: file))
    }

    @Test func badInputGetsAClearErrorAndANonZeroExit() throws {
        func fails(_ arguments: [String], saying text: String) throws {
            let result = try steady(arguments)
            #expect(result.status != 0, "\(arguments) should fail")
            #expect(result.output.contains(text), "\(arguments): \(result.output)")
            #expect(!result.output.contains("Fatal error") && !result.output.contains("Stack dump"))
        }
        try fails(["read", "--robot", "no_such_robot", "--port", "/dev/null"], saying: "unknown robot 'no_such_robot'")
        try fails(["read", "--robot", "so101", "--port", "/dev/ttyNOPE7"], saying: "/dev/ttyNOPE7: no such serial port")
        try fails(["scan", "--port", "/dev/ttyNOPE7"], saying: "/dev/ttyNOPE7: no such serial port")

        let directory = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("steady-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let good = try String(contentsOf: repositoryRoot.appendingPathComponent("robots/so101/robot.yaml"), encoding: .utf8)
        try good.replacingOccurrences(of: "model: sts3215", with: "model: sts9000")
            .write(to: directory.appendingPathComponent("robot.yaml"), atomically: true, encoding: .utf8)
        try fails(["read", "--robot", directory.path, "--port", "/dev/null"], saying: "robot.yaml:7: field 'defaults.model': unknown motor model 'sts9000'")
        try good.replacingOccurrences(of: "  - {name: elbow_flex,    id: 3, limits: [-1.69, 1.69]}\n", with: "  - {name: elbow_flex,    id: 3}\n")
            .write(to: directory.appendingPathComponent("robot.yaml"), atomically: true, encoding: .utf8)
        try fails(["read", "--robot", directory.path, "--port", "/dev/null"], saying: "robot.yaml:15: field 'joints[2].limits': is required but missing")
        try "name: [broken".write(to: directory.appendingPathComponent("robot.yaml"), atomically: true, encoding: .utf8)
        try fails(["read", "--robot", directory.path, "--port", "/dev/null"], saying: "robot.yaml:")

        let twin = try TwinProcess(robot: "so101")
        defer { _ = twin.stop() }
        let corrupt = directory.appendingPathComponent("arm.json")
        try "{\"shoulder_pan\": {\"id\": 1}}".write(to: corrupt, atomically: true, encoding: .utf8)
        try fails(["read", "--robot", "so101", "--port", twin.link, "--calibration", corrupt.path],
                  saying: "arm.json: field 'shoulder_pan.drive_mode': is required but missing")
        // Port in use: hold the twin's port open with a reader, then try a second one.
        let holder = Process()
        holder.executableURL = steadyBinary
        holder.arguments = ["read", "--robot", "so101", "--port", twin.link, "--count", "200", "--rate", "20"]
        holder.currentDirectoryURL = repositoryRoot
        // The holder prints its first table once it has the port open (and locked): wait for
        // that, and keep draining its output so that it never blocks on a full pipe.
        let holderOutput = Pipe(), holding = DispatchSemaphore(value: 0)
        holder.standardOutput = holderOutput
        holderOutput.fileHandleForReading.readabilityHandler = { handle in
            if !handle.availableData.isEmpty { holding.signal() }
        }
        try holder.run()
        #expect(holding.wait(timeout: .now() + 10) == .success, "the holder printed its first table")
        try fails(["read", "--robot", "so101", "--port", twin.link], saying: "port is in use by another process")
        holder.terminate()
        holder.waitUntilExit()
        holderOutput.fileHandleForReading.readabilityHandler = nil
    }
}
