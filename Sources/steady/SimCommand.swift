import ArgumentParser
import Foundation
import Sim
import SteadyCore

/// `steady sim`: the simulated learning tasks and their domain randomization.
struct SimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sim",
        abstract: "Inspect the simulated learning tasks and their domain randomization.",
        subcommands: [SimDescribe.self, SimList.self])
}

/// `steady sim list`: the registered environment names.
struct SimList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the environments that --task and training accept.")

    func run() throws {
        let width = EnvironmentRegistry.names.map(\.count).max() ?? 0
        for entry in EnvironmentRegistry.entries {
            print("\(padRight(entry.name, width))  \(entry.summary)")
        }
    }
}

/// `steady sim describe`: one seeded episode's randomized parameters, next to the nominal ones.
struct SimDescribe: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract: "Print a task's observation layout and the randomized parameters drawn for one seed.",
        discussion: """
        Builds the task (by default the robot's first task: so101:reach, koch:reach, \
        leap_hand:pose), resets it with the seed, and prints a table of every parameter the \
        randomization drew for that episode (parameter, element, nominal, drawn, the ratio of \
        the two, and the distribution), then the per-step noise. The same seed gives the same \
        table, and the same episode in training.

        Example: steady sim describe --robot so101 --randomize default --seed 3
        """)

    @Option(name: .long, help: "Robot name (so101, koch, leap_hand); picks its first task.")
    var robot: String?

    @Option(name: .long, help: "Task name instead of --robot, e.g. koch:reach-sparse (see `steady sim list`).")
    var task: String?

    @Option(name: .long, help: "Domain randomization: none, default (robots/<robot>/randomization.yaml) or a file.")
    var randomize = "default"

    @Option(name: .long, help: "Seed of the episode to describe.")
    var seed: UInt64 = 0

    func validate() throws {
        guard (robot == nil) != (task == nil) else {
            throw ValidationError("give exactly one of --robot or --task")
        }
    }

    /// The task name `--robot` or `--task` selects.
    func taskName() throws -> String {
        if let task { return task }
        guard let entry = EnvironmentRegistry.entries.first(where: { $0.robot == robot }) else {
            let robots = Set(EnvironmentRegistry.entries.compactMap(\.robot)).sorted()
            throw ValidationError("no task for robot '\(robot ?? "")' (robots with tasks: \(robots.joined(separator: ", ")))")
        }
        return entry.name
    }

    func run() throws {
        let name = try taskName()
        let source = RandomizationSource(argument: randomize)
        let environment = try EnvironmentRegistry.make(name, randomization: source, seed: seed)
        _ = try environment.reset(seed: seed)
        guard let task = environment as? any TaskEnvironment else {
            print("\(name): no simulated robot, nothing is randomized")
            return
        }
        let simulation = task.simulation
        let configuration = simulation.plan.configuration
        print("\(name)  robot \(simulation.robot.name)  randomization \(configuration.file)  seed \(seed)")
        print("control \(fixed(1 / simulation.controlPeriodSeconds, 1)) Hz = \(simulation.substeps) physics steps of "
              + "\(fixed(simulation.model.timestepSeconds * 1000, 3)) ms; episodes of \(task.maxEpisodeSteps) steps; "
              + "contacts \(simulation.model.contactsEnabled ? "on" : "off") in the task's model copy")
        print("\nobservation (\(task.layout.dimension) values):")
        for segment in task.layout.segments {
            print("  [\(segment.range.lowerBound)..<\(segment.range.upperBound))  \(segment.name) (\(segment.unit))")
        }
        let rows = simulation.drawRows
        print("\nper-episode parameters drawn for seed \(seed):")
        print(rows.isEmpty ? "  (none randomized)" : RandomizationPlan.table(rows).split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
        let noise = configuration.noise
        print("\nper-step noise:")
        print("  joint_position: \(noise.jointPosition.summary(unit: "rad"))")
        print("  joint_velocity: \(noise.jointVelocity.summary(unit: "rad/s"))")
        print("  end_effector:   \(noise.endEffector.summary(unit: "m"))")
        print("  action:         \(noise.actionStandardDeviation > 0 ? "white σ \(noise.actionStandardDeviation) (normalized)" : "none")")
        var jitter: [String] = []
        if noise.substepJitter > 0 { jitter.append("substeps \(simulation.substeps) ± \(noise.substepJitter)") }
        if let scale = noise.timestepScale { jitter.append("timestep × \(scale)") }
        print("  control jitter: \(jitter.isEmpty ? "none" : jitter.joined(separator: ", "))")
    }
}
