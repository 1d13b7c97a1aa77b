import ArgumentParser

/// `steady bench`: the speed figures the project promises, measured on this machine.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure speed (bus round trips, the control tick, learner updates, simulation steps, the physics twin, a fleet of actors into one learner) and fuzz the readers of outside bytes.",
        subcommands: [BusBench.self, TickBench.self, LearnLoopBench.self, LearnBench.self, SimBench.self, PhysicsBench.self, FuzzBench.self, FleetBench.self])
}
