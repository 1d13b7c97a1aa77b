import ArgumentParser
import Foundation
import Sim
import SteadyCore

/// `steady bench sim`: control steps per second of each simulated task on one core.
struct SimBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sim",
        abstract: "Time control steps per second per core of the simulated learning tasks.",
        discussion: """
        Steps each task on this thread with random actions (drawn before timing) for --steps \
        control steps after a warm-up, resetting whenever an episode ends, as training does. \
        The loop runs on one thread, so every figure is for one core. Steps per CPU second \
        divide by the thread's CPU time (CLOCK_THREAD_CPUTIME_ID) and do not drop when other \
        processes share the core; steps per wall second do. Physics steps count the MuJoCo steps \
        actually taken (10 per control step at 50 Hz with 2 ms physics).
        """)

    @Option(name: .long, parsing: .upToNextOption, help: "Tasks to time (see `steady sim list`).")
    var tasks: [String] = ["so101:reach", "koch:reach", "leap_hand:pose", "pendulum"]

    @Option(name: .long, help: "Control steps to time per task.", transform: CommandRanges.benchmarkCount.parse)
    var steps = 20_000

    @Option(name: .long, help: "Domain randomization for the robot tasks: none, default or a file.")
    var randomize = "none"

    @Option(name: .long, help: "Seed of the tasks and of the random actions.")
    var seed: UInt64 = 0

    func run() throws {
        print("simulated tasks, \(steps) control steps each after 500 warm-up steps, one thread (figures are per core)")
        print("task                    control  substeps  steps/CPU-s  physics/CPU-s  µs CPU/step  steps/wall-s  resets")
        for name in tasks {
            let result = try measure(name)
            let rate = result.controlHertz.map { fixed($0, 0) + " Hz" } ?? "-"
            let substeps = result.substepsPerStep.map { fixed($0, 1) } ?? "-"
            let perCPU = Double(steps) / result.cpuSeconds
            let physics = result.substepsPerStep.map { fixed($0 * perCPU, 0) } ?? "-"
            print(padRight(name, 22) + padLeft(rate, 9) + padLeft(substeps, 10) + padLeft(fixed(perCPU, 0), 13)
                  + padLeft(physics, 15) + padLeft(fixed(1e6 / perCPU, 2), 13)
                  + padLeft(fixed(Double(steps) / result.wallSeconds, 0), 14) + padLeft(String(result.resets), 8))
        }
    }

    struct Result {
        var cpuSeconds: Double
        var wallSeconds: Double
        var controlHertz: Double?
        var substepsPerStep: Double?
        var resets: Int
    }

    func measure(_ name: String) throws -> Result {
        let isRobotTask = try EnvironmentRegistry.entry(named: name).robot != nil
        let source = isRobotTask ? RandomizationSource(argument: randomize) : .none
        let environment = try EnvironmentRegistry.make(name, randomization: source, seed: seed)
        let task = environment as? any TaskEnvironment
        var generator = SeededGenerator(seed: seed ^ 0x5EED)
        let dimension = environment.actionSpace.dimension
        let actions = (0..<256).map { _ in (0..<dimension).map { _ in Float(generator.uniform(-1, 1)) } }
        _ = try environment.reset(seed: seed)

        var resets = 0, substeps = 0
        func run(_ count: Int) throws {
            for t in 0..<count {
                let result = try environment.step(actions[t & 255])
                substeps += task?.simulation.lastSubsteps ?? 0
                if result.terminated || result.truncated {
                    _ = try environment.reset(seed: nil)
                    resets += 1
                }
            }
        }
        try run(500)
        resets = 0
        substeps = 0
        let start = Monotonic.nanoseconds(), cpuStart = Self.threadCPUNanoseconds()
        try run(steps)
        let cpuSeconds = Double(Self.threadCPUNanoseconds() - cpuStart) / 1e9
        let wallSeconds = Double(Monotonic.nanoseconds() - start) / 1e9
        return Result(cpuSeconds: cpuSeconds, wallSeconds: wallSeconds,
                      controlHertz: task.map { 1 / $0.simulation.controlPeriodSeconds },
                      substepsPerStep: task.map { _ in Double(substeps) / Double(steps) }, resets: resets)
    }

    /// CPU time consumed by this thread, ns.
    static func threadCPUNanoseconds() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return UInt64(spec.tv_sec) &* 1_000_000_000 &+ UInt64(spec.tv_nsec)
    }
}
