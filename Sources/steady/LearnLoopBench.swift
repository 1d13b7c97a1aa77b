import ArgumentParser
import Foundation
import Runtime

/// `steady bench learn-loop`: the loop at 1 kHz on a physics twin, once without learning and
/// once with `--learn` streaming to a sidecar, lateness and missed ticks side by side.
struct LearnLoopBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "learn-loop",
        abstract: "Run the loop at 1 kHz on a twin without learning and with the sidecar streaming; print lateness and missed ticks side by side.",
        discussion: """
        Starts `steady twin --robot ROBOT` on a temporary link, then runs `steady run` on it \
        twice for --seconds each at --rate: first with --policy sine (no learning), then with \
        --learn td3 (a sidecar started by the run, transitions streaming, weights coming back, \
        exploration at the actor). Each run is a separate process with the same real-time \
        settings; the table compares what each run's summary reports. Take figures on a quiet \
        machine: a build or a test beside it shows up as lateness.

        Target (issue 9): p99 lateness with learning within 20 µs of the run without, and no \
        extra missed ticks.
        """)

    @Option(name: .long, help: "Robot name (its twin must accept the rate).")
    var robot = "so101"

    @Option(name: .long, help: "Loop rate, Hz (1–1000).", transform: RunRanges.rate.parse)
    var rate = 1000.0

    @Option(name: .long, help: "Seconds per run (0–3600).", transform: CommandRanges.benchmarkSeconds.parse)
    var seconds = 20.0

    @Flag(name: .long, help: "No real-time scheduling, memory locking or CPU pinning in the runs.")
    var noRealtime = false

    func run() throws {
        let work = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("steady-learn-loop-\(getpid())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let link = work.appendingPathComponent(robot).path
        let twin = try Self.start(["twin", "--robot", robot, "--link", link], output: work.appendingPathComponent("twin.txt"))
        defer { twin.interrupt(); twin.waitUntilExit() }
        let deadline = Date(timeIntervalSinceNow: 30)
        while (try? FileManager.default.destinationOfSymbolicLink(atPath: link)) == nil {
            guard twin.isRunning, Date() < deadline else { throw ValidationError("the twin did not start; see its output") }
            usleep(20_000)
        }
        let common = ["run", "--robot", robot, "--port", link, "--rate", String(rate), "--duration", String(seconds),
                      "--soft-start", "0.5", "--quiet"] + (noRealtime ? ["--no-realtime"] : [])
        print("learn-loop bench: \(robot) twin, \(fixed(rate, 0)) Hz, \(fixed(seconds, 0)) s per run\(noRealtime ? ", no real-time setup" : "")")
        flushOutput()
        let plain = try Self.measure(common + ["--policy", "sine"], output: work.appendingPathComponent("plain.txt"),
                                     log: work.appendingPathComponent("plain"))
        let learning = try Self.measure(common + ["--learn", "td3", "--explore", "gaussian", "--net", "64,64",
                                                  "--learning-starts", "500", "--publish-every", "20"],
                                        output: work.appendingPathComponent("learn.txt"), log: work.appendingPathComponent("learn"))
        print(cell("", 34) + cell("ticks", 10) + cell("p50 µs", 10) + cell("p99 µs", 10) + cell("max µs", 10) + "missed")
        for (label, m) in [("without learning (policy sine)", plain), ("with learning (td3, sidecar)", learning)] {
            print(cell(label, 34) + cell(String(m.ticks), 10) + cell(fixed(m.p50, 0), 10) + cell(fixed(m.p99, 0), 10)
                  + cell(fixed(m.max, 0), 10) + String(m.missed))
        }
        print("p99 difference \(fixed(learning.p99 - plain.p99, 0)) µs (target ≤ 20), extra missed ticks \(learning.missed - plain.missed) (target 0)")
        if let counters = learning.counters { print(counters) }
    }

    /// One run's figures, from its summary.
    struct Measurement {
        var ticks = 0, missed = 0
        var p50 = 0.0, p99 = 0.0, max = 0.0
        var counters: String?
    }

    /// Runs `steady` with `arguments` logging into `log`; ticks and missed ticks from its loop
    /// line, lateness from the run's summary.json (the loop line leaves lateness out at 1 kHz).
    static func measure(_ arguments: [String], output: URL, log: URL) throws -> Measurement {
        let process = try start(arguments + ["--log", log.path], output: output)
        process.waitUntilExit()
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0, let line = text.split(separator: "\n").first(where: { $0.hasPrefix("loop: ") }) else {
            throw ValidationError("steady \(arguments.joined(separator: " ")) failed:\n\(text.suffix(2_000))")
        }
        func value(after prefix: String) -> Double {
            guard let range = line.range(of: prefix) else { return .nan }
            return Double(line[range.upperBound...].prefix { $0.isNumber || $0 == "." }) ?? .nan
        }
        var m = Measurement()
        m.ticks = Int(value(after: "loop: "))
        m.missed = Int(value(after: "missed ").isFinite ? value(after: "missed ") : -1)
        let summary = try? JSONSerialization.jsonObject(with: Data(contentsOf: log.appendingPathComponent("summary.json")))
        let timing = (summary as? [String: Any])?["loop_timing"] as? [String: Any]
        func lateness(_ key: String) -> Double { (timing?[key] as? Double) ?? .nan }
        m.p50 = lateness("lateness_p50_us")
        m.p99 = lateness("lateness_p99_us")
        m.max = lateness("lateness_max_us")
        m.counters = text.split(separator: "\n").first { $0.hasPrefix("learning: transitions") }.map(String.init)
        return m
    }

    static func start(_ arguments: [String], output: URL) throws -> Process {
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        return try startSteadyChild(arguments, output: try FileHandle(forWritingTo: output))
    }
}
