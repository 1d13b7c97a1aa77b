import ArgumentParser
import Foundation
import Runtime
import Safety
import SteadyCore

/// `steady bench tick`: the control tick's own work, without bus I/O, and its allocations.
struct TickBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tick",
        abstract: "Time the control tick's own work (in-memory bus, every safety stage on) and count its allocations.",
        discussion: """
        Runs the real ControlLoop tick — present state → observation → policy (sine) → safety chain \
        with every stage on (NaN guard, position, interpolation, low-pass, temperature, stall, \
        velocity, max step, gripper cap, acceleration/jerk, final guard) → goal ticks → record \
        into the log ring — against an in-memory bus, and reports the time per tick.

        Allocations are counted with glibc's malloc tracer: the command re-runs itself with \
        libc_malloc_debug.so preloaded and MALLOC_TRACE set, calls mtrace() before the measured \
        ticks and muntrace() after, and counts the allocations (+ lines) in the trace.
        """)

    @Option(name: .long, help: "Robot name or directory.")
    var robot = "so101"

    @Option(name: .long, help: "Ticks to time.", transform: CommandRanges.benchmarkCount.parse)
    var ticks = 200_000

    @Flag(name: .long, help: "Skip the allocation count.")
    var noAllocations = false

    @Flag(name: .long, help: "Tick with the learning reach policy of `steady run --learn` (TD3 + Gaussian exploration at 50 Hz, episodes, transitions into the ring, weights swapped in) instead of a sine.")
    var learning = false

    static let traceVariable = "STEADY_TICK_BENCH_TRACE"

    func run() throws {
        let description = try RobotDescription.load(robot)
        if let trace = ProcessInfo.processInfo.environment[Self.traceVariable] {
            try countAllocations(description, tracePath: trace)
            return
        }
        let harness = try makeHarness(description)
        _ = harness.runTicks(2_000)   // warm up
        var samples: [Double] = []
        let batch = 1_000
        for _ in 0..<(ticks / batch) {
            let start = Monotonic.nanoseconds()
            _ = harness.runTicks(batch)
            samples.append(Double(Monotonic.nanoseconds() - start) / Double(batch) / 1000)
        }
        samples.sort()
        let mean = samples.reduce(0, +) / Double(samples.count)
        print("tick bench: \(description.name), \(description.joints.count) joints, every safety stage on, in-memory bus, \(ticks) ticks"
              + (learning ? ", learning reach policy (td3 64,64 + gaussian, 50 Hz calls)" : ""))
        print("stop: \(harness.loop.stopReason.map { "\($0)" } ?? "none"), ticks \(harness.loop.counters.ticks.load(ordering: .relaxed))")
        print("µs per tick: mean \(fixed(mean, 2)), best batch \(fixed(samples[0], 2)), p50 batch \(fixed(samples[samples.count / 2], 2)), worst batch \(fixed(samples[samples.count - 1], 2))")
        if noAllocations { return }
        flushOutput()
        let trace = FileManager.default.temporaryDirectory.appendingPathComponent("steady-tick-mtrace-\(getpid()).txt").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0].hasPrefix("/") ? CommandLine.arguments[0]
                                    : FileManager.default.currentDirectoryPath + "/" + CommandLine.arguments[0])
        process.arguments = ["bench", "tick", "--robot", robot, "--ticks", "\(min(ticks, 20_000))"] + (learning ? ["--learning"] : [])
        var environment = ProcessInfo.processInfo.environment
        environment[Self.traceVariable] = trace
        environment["MALLOC_TRACE"] = trace
        environment["LD_PRELOAD"] = "libc_malloc_debug.so.0"
        process.environment = environment
        try process.run()
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: trace)
    }

    /// In the traced child: mtrace() around the measured ticks, then count the trace's allocations.
    private func countAllocations(_ robot: RobotDescription, tracePath: String) throws {
        typealias Toggle = @convention(c) () -> Void
        typealias VersionedSymbol = @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>, UnsafePointer<CChar>) -> UnsafeMutableRawPointer?
        // libc.so.6 keeps a do-nothing mtrace; the working one is libc_malloc_debug's, exported
        // only under its version, hence dlvsym (looked up itself: Glibc's module hides it).
        let debug = dlopen("libc_malloc_debug.so.0", RTLD_NOW | RTLD_NOLOAD)
        guard let debug, let dlvsymSymbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "dlvsym") else {
            print("allocations: not counted (libc_malloc_debug.so.0 is not loaded)")
            return
        }
        let dlvsym = unsafeBitCast(dlvsymSymbol, to: VersionedSymbol.self)
        guard let on = dlvsym(debug, "mtrace", "GLIBC_2.2.5"), let off = dlvsym(debug, "muntrace", "GLIBC_2.2.5") else {
            print("allocations: not counted (glibc mtrace unavailable)")
            return
        }
        // Check that the tracer sees Swift's allocations: 100 arrays must show as ≥ 100.
        unsafeBitCast(on, to: Toggle.self)()
        var keep: [[Int]] = []
        for index in 0..<100 { keep.append(Array(repeating: index, count: 8)) }
        unsafeBitCast(off, to: Toggle.self)()
        let check = Self.countAllocations(inTrace: tracePath)
        let harness = try makeHarness(robot)
        _ = harness.runTicks(2_000)
        // The I/O side's work between batches is not the tick's: traced off, each traced stretch
        // counted before the next mtrace() starts the file afresh.
        let service = harness.betweenBatches
        var earlier: Int? = 0
        harness.betweenBatches = {
            unsafeBitCast(off, to: Toggle.self)()
            earlier = earlier.flatMap { sum in Self.countAllocations(inTrace: tracePath).map { sum + $0 } }
            service()
            unsafeBitCast(on, to: Toggle.self)()
        }
        unsafeBitCast(on, to: Toggle.self)()
        let done = harness.runTicks(ticks)
        unsafeBitCast(off, to: Toggle.self)()
        guard let last = Self.countAllocations(inTrace: tracePath), let before = earlier, let check, keep.count == 100 else {
            print("allocations: not counted (the malloc tracer did not start; is libc_malloc_debug.so.0 installed?)")
            return
        }
        let allocations = before + last
        print("allocations: \(allocations) in \(done) ticks (\(fixed(Double(allocations) / Double(max(done, 1)), 3)) per tick; glibc mtrace, which saw \(check) allocations for 100 deliberate arrays)")
    }

    /// The harness: a sine policy, or with `--learning` the learning reach policy whose I/O side
    /// runs between batches (outside the traced ticks' own work, as the I/O thread runs beside them).
    private func makeHarness(_ robot: RobotDescription) throws -> TickHarness {
        guard learning else { return try TickHarness(robot: robot) }
        let callRate = 50.0
        let safety = SafetyConfiguration.fromRobot(robot, maxStepRadians: 0.5, smoothing: .lowPass(cutoffHertz: 20),
                                                   policyPeriodSeconds: 1 / callRate, gripperCapRadians: 0.3,
                                                   stall: .standard, temperature: .standard)
        let fixture = try LearningTickFixture(robot: robot, callRateHz: callRate, safety: safety)
        let harness = try TickHarness(robot: robot, policy: fixture.policy, policyRateHz: callRate)
        harness.betweenBatches = { fixture.service() }
        return harness
    }

    /// Allocations (+ and realloc > lines) in the last traced region of an mtrace file (each
    /// mtrace() call starts the file afresh).
    static func countAllocations(inTrace path: String) -> Int? {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        guard let start = text.range(of: "= Start", options: .backwards) else { return nil }
        return text[start.upperBound...].split(separator: "\n").filter { $0.contains(" + ") || $0.contains(" > ") }.count
    }
}
