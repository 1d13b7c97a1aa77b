import Foundation
import Runtime
import ServoBus
import SteadyCore
import Testing

/// `steady run` (the binary SwiftPM built for this test run) against a twin served in this
/// process on a pseudo-terminal, so the test sees the motors' own state, not only the output.
@Suite(.serialized) struct RunInterruptTests {
    @Test("SIGINT to `steady run` mid-run: it holds, switches torque off on every motor (the twin confirms) and exits 0")
    func sigintEndsWithTorqueOff() throws {
        let robot = try RobotDescription.load(repositoryRoot.appendingPathComponent("robots/so101").path)
        let terminal = try PseudoTerminal()
        defer { terminal.close() }
        let server = try TwinServer(twin: ServoTwin(robot: robot), terminal: terminal, options: TwinOptions())
        server.start()
        let directory = try scratchDirectory("sigint")
        defer { try? FileManager.default.removeItem(at: directory) }
        // 50 Hz and a patient watchdog: the twin shares this process with the tests running beside it.
        let command = try LiveCommand(["run", "--robot", "so101", "--port", terminal.slavePath, "--policy", "sine", "--rate", "50",
                                       "--soft-start", "0.2", "--max-failed-ticks", "25", "--no-realtime", "--log", directory.path])
        // Status lines come every 0.5 s once the loop runs: interrupt it mid-run.
        #expect(command.wait { $0.contains("t 1.") }, "\(command.output)")
        command.send(SIGINT)
        let (status, _, output) = command.finish()
        server.stop()
        #expect(status == 0, "\(output)")
        #expect(output.contains("stop requested") && output.contains("torque off on every motor"), "\(output)")
        #expect(server.twin.motors.allSatisfy { !$0.torqueEnabled })
        let log = try RunLog.read(directory)
        #expect(log.isComplete && log.tickCount > 30)
    }
}
