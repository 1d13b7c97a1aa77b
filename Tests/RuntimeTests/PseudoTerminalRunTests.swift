import Foundation
import ServoBus
import SteadyCore
import Testing
@testable import Runtime

/// The repository root (three levels above this file).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
/// The release build of the command line, built by `swift test -c release` (SteadyCLITests depend on it).
let steadyExecutable = repositoryRoot.appendingPathComponent(".build/release/steady")

/// Whether this build's `steady` has the `run` command (it is registered in Steady.swift).
let steadyRunIsAvailable: Bool = {
    guard FileManager.default.isExecutableFile(atPath: steadyExecutable.path) else { return false }
    let process = Process()
    process.executableURL = steadyExecutable
    process.arguments = ["run", "--help"]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return false }
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    // An unknown subcommand with --help prints the top-level help and exits 0 too.
    return process.terminationStatus == 0 && text.contains("USAGE: steady run")
}()

/// Runs through a real pseudo-terminal with the twin's server thread: real time, real threads.
@Suite(.serialized) struct PseudoTerminalRunTests {
    func twin(options: TwinOptions) throws -> (TwinServer, PseudoTerminal, RobotDescription) {
        let robot = try RobotDescription.load(repositoryRoot.appendingPathComponent("robots/so101").path)
        let terminal = try PseudoTerminal()
        let server = try TwinServer(twin: ServoTwin(robot: robot), terminal: terminal, options: options)
        server.start()
        return (server, terminal, robot)
    }

    @Test("5% corrupt replies from a twin on a pty: the run keeps going, retries and counts, and ends with torque off")
    func corruptRepliesOverAPty() throws {
        let (server, terminal, robot) = try twin(options: TwinOptions(corruptRate: 0.05, seed: 3))
        defer { terminal.close() }
        let runtime = RobotRuntime(
            robot: robot, calibration: .factory(for: robot), transport: try SerialPort(path: terminal.slavePath, baudRate: robot.baudRate),
            policy: SinePolicy(robot: robot, callRateHz: 50), safety: .fromRobot(robot),
            // 50 Hz and a patient watchdog: the twin's thread shares the machine with the tests beside it.
            options: RunOptions(loop: LoopConfiguration(rateHz: 50, durationSeconds: 3, softStartSeconds: 0.2, holdSeconds: 0.1,
                                                        maxFailedTicks: 25),
                                realTime: .none))
        let result = try runtime.run(directory: nil)
        server.stop()
        #expect(result.stopReason == .duration)
        #expect(result.bus.retries > 0)
        #expect(result.bus.retries + result.bus.corruptReplies + result.bus.staleReplies > 0)
        #expect(server.statistics.corrupted > 0)
        // Ticks plus deadlines skipped on a loaded machine: the loop kept its clock.
        #expect(result.counters.ticks + result.counters.missed >= 145)
        #expect(result.torqueOff == true)
        #expect(server.twin.motors.allSatisfy { !$0.torqueEnabled })
    }

    @Test("SIGINT to `steady run` mid-run: it holds, switches torque off on every motor (the twin confirms) and exits 0",
          .enabled(if: steadyRunIsAvailable, "steady run is not registered in this build"))
    func sigintEndsWithTorqueOff() throws {
        let (server, terminal, _) = try twin(options: TwinOptions())
        defer { terminal.close() }
        let directory = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("steady-sigint-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let process = Process()
        process.executableURL = steadyExecutable
        process.currentDirectoryURL = repositoryRoot
        // 50 Hz and a patient watchdog: the twin shares this process with the tests running beside it.
        process.arguments = ["run", "--robot", "so101", "--port", terminal.slavePath, "--policy", "sine", "--rate", "50",
                             "--soft-start", "0.2", "--max-failed-ticks", "25", "--no-realtime", "--quiet", "--log", directory.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        // Wait (bounded) until the run is logging ticks, then interrupt it.
        let logFile = directory.appendingPathComponent(RunLogger.fileName).path
        let deadline = Monotonic.nanoseconds() + 10_000_000_000
        while Monotonic.nanoseconds() < deadline && process.isRunning {
            if let size = (try? FileManager.default.attributesOfItem(atPath: logFile))?[.size] as? Int, size > 20_000 { break }
            usleep(20_000)
        }
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        server.stop()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("stop requested") && text.contains("torque off on every motor"), "\(text)")
        #expect(server.twin.motors.allSatisfy { !$0.torqueEnabled })
        let log = try RunLog.read(directory)
        #expect(log.isComplete && log.tickCount > 30)
    }
}
