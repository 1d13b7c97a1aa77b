import ArgumentParser

/// `steady bench`: the speed figures the project promises, measured on this machine.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure speed: bus round trips, the control tick, learner updates, simulation steps, the physics twin.",
        subcommands: [BusBench.self, TickBench.self, LearnBench.self, SimBench.self, PhysicsBench.self,
                      SidecarFuzzBench.self])
}
