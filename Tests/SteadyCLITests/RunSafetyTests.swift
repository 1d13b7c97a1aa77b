import Foundation
import Testing
import ServoWire

/// Issue 15, items 1–3 and 8 end to end: `steady run` against a twin process, watched through the
/// twin's own registers. Waits are on conditions (a line of output); time bounds are generous
/// ceilings for a loaded machine, an order of magnitude under what the old behaviour took.
@Suite(.serialized) struct RunSafetyTests {
    /// `steady run` of a sine on `link` with the given extra arguments.
    func run(_ link: String, _ extra: [String]) -> [String] {
        ["run", "--robot", "so101", "--port", link, "--policy", "sine", "--no-realtime"] + extra
    }

    /// A run that prints its live status (it comes from the run log's writer) into a scratch directory.
    func loggedRun(_ link: String, _ extra: [String]) throws -> (LiveCommand, URL) {
        let directory = try scratchDirectory("live")
        return (try LiveCommand(run(link, extra + ["--log", directory.path])), directory)
    }

    @Test("a bus too slow for the rate is refused at connect, with the latency_timer fix; nothing is written",
          arguments: [(7.0, 200.0), (10.0, 200.0), (16.0, 100.0)])
    func slowBusIsRefused(latencyMilliseconds: Double, rate: Double) throws {
        let twin = try TwinProcess(robot: "so101", arguments: ["--physics", "none", "--latency-ms", "\(latencyMilliseconds)"])
        defer { _ = twin.stop() }
        let result = try steady(run(twin.link, ["--rate", "\(Int(rate))", "--duration", "2", "--no-log"]))
        #expect(result.status != 0)
        #expect(result.output.contains("answers a sync read of 6 motors in") && result.output.contains("replies would come after their tick"),
                "\(result.output)")
        #expect(result.output.contains("echo 1 | sudo tee /sys/bus/usb-serial/devices/ttyUSB*/latency_timer"), "\(result.output)")
        #expect(result.output.contains("Use --rate"), "\(result.output)")
        #expect(try so101Registers(.torqueEnable, link: twin.link) == Array(repeating: 0, count: 6))
        #expect(try so101Registers("P_Coefficient", link: twin.link) == Array(repeating: 32, count: 6), "gains not written")
    }

    @Test("a run in which most ticks failed ends non-zero and says so, with torque off")
    func tooManyFailedTicksFailTheRun() throws {
        let twin = try TwinProcess(robot: "so101", arguments: ["--physics", "none", "--drop-rate", "0.1", "--seed", "5"])
        defer { _ = twin.stop() }
        let result = try steady(run(twin.link, ["--rate", "50", "--duration", "2", "--soft-start", "0.2", "--retries", "0",
                                                "--max-failed-ticks", "1000", "--no-log", "--quiet"]))
        #expect(result.status != 0, "\(result.output)")
        #expect(result.output.contains("FAILED: ") && result.output.contains("more than --max-failed-share 0.05 (5.0%)"), "\(result.output)")
        #expect(result.output.contains("torque off on every motor"), "\(result.output)")
        #expect(try so101Registers(.torqueEnable, link: twin.link) == Array(repeating: 0, count: 6))
    }

    @Test("SIGTERM during a long hold ends the run at once, with torque off")
    func sigtermEndsTheHold() throws {
        let twin = try TwinProcess(robot: "so101", arguments: ["--physics", "none"])
        defer { _ = twin.stop() }
        let (command, directory) = try loggedRun(twin.link, ["--rate", "50", "--duration", "1", "--soft-start", "0.2", "--hold", "30"])
        defer { try? FileManager.default.removeItem(at: directory) }
        // Status lines come every 0.5 s: at 2 s the duration is long reached and the arm at rest.
        #expect(command.wait { $0.contains("t 2.") || $0.contains("t 3.") }, "\(command.output)")
        let signalled = Date()
        command.send(SIGTERM)
        let (status, _, output) = command.finish()
        #expect(Date().timeIntervalSince(signalled) < 5, "ended \(Date().timeIntervalSince(signalled)) s after SIGTERM (hold 30 s)")
        #expect(status == 0 && output.contains("done: duration reached") && output.contains("torque off on every motor"), "\(output)")
        #expect(try so101Registers(.torqueEnable, link: twin.link) == Array(repeating: 0, count: 6))
    }

    @Test("SIGINT during a long soft start ends the run at once, with torque off")
    func sigintEndsTheSoftStart() throws {
        let twin = try TwinProcess(robot: "so101", arguments: ["--physics", "none"])
        defer { _ = twin.stop() }
        let (command, directory) = try loggedRun(twin.link, ["--rate", "50", "--soft-start", "30"])
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(command.wait { $0.contains("t 1.") }, "\(command.output)")
        let signalled = Date()
        command.send(SIGINT)
        let (status, _, output) = command.finish()
        #expect(Date().timeIntervalSince(signalled) < 5)
        #expect(status == 0 && output.contains("stop requested") && output.contains("torque off on every motor"), "\(output)")
        #expect(try so101Registers(.torqueEnable, link: twin.link) == Array(repeating: 0, count: 6))
    }

    @Test("a crash while torque is on (a fatal signal) still switches torque off", arguments: [SIGSEGV, SIGILL, SIGABRT])
    func crashSwitchesTorqueOff(signal: Int32) throws {
        let twin = try TwinProcess(robot: "so101", arguments: ["--physics", "none"])
        defer { _ = twin.stop() }
        let (command, directory) = try loggedRun(twin.link, ["--rate", "50", "--soft-start", "0.2"])
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(command.wait { $0.contains("t 1.") }, "\(command.output)")
        command.send(signal)
        let (_, bySignal, output) = command.finish()
        #expect(bySignal, "the process died of the signal, as a crash does: \(output)")
        #expect(try so101Registers(.torqueEnable, link: twin.link) == Array(repeating: 0, count: 6), "torque off after the crash")
    }

    @Test("--log over an existing run is refused; --overwrite replaces every file of the old run")
    func existingRunDirectory() throws {
        let twin = try TwinProcess(robot: "so101", arguments: ["--physics", "none"])
        defer { _ = twin.stop() }
        let directory = try scratchDirectory("rundir")
        defer { try? FileManager.default.removeItem(at: directory) }
        let old = ["run.mcap": "old log", "commands.csv": "time,cmd.a\n0,0\n"]
        for (name, text) in old { try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        let oldEvents = directory.appendingPathComponent("tb/events.out.tfevents.1.old")
        try FileManager.default.createDirectory(at: oldEvents.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("old curves".utf8).write(to: oldEvents)
        let refused = try steady(run(twin.link, ["--duration", "0.5", "--soft-start", "0.1", "--log", directory.path]))
        #expect(refused.status != 0)
        #expect(refused.output.contains("\(directory.path) already holds a run (run.mcap, commands.csv, tb)"), "\(refused.output)")
        #expect(refused.output.contains("--overwrite"))
        for (name, text) in old { #expect(try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8) == text) }
        #expect(try so101Registers(.torqueEnable, link: twin.link) == Array(repeating: 0, count: 6))

        let replaced = try steady(run(twin.link, ["--duration", "0.5", "--soft-start", "0.1", "--log", directory.path, "--overwrite", "--quiet"]))
        #expect(replaced.status == 0, "\(replaced.output)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("commands.csv").path), "no stale commands.csv")
        let events = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("tb").path)
        #expect(events.count == 1 && !events.contains("events.out.tfevents.1.old"), "only the new run's TensorBoard file: \(events)")
        #expect(try Data(contentsOf: directory.appendingPathComponent("run.mcap")).count > 1000)
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("summary.json").path))
    }
}
