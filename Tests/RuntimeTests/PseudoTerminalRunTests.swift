import Foundation
import ServoBus
import SteadyCore
import Testing
@testable import Runtime

/// The repository root (three levels above this file).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Runs through a real pseudo-terminal with the twin's server thread: real time, real threads.
/// (SIGINT to the `steady` binary on such a twin: SteadyCLITests' `RunInterruptTests`.)
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
}
