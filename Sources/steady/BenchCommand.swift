import ArgumentParser

/// `steady bench`: the speed figures the project promises, measured on this machine.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure speed: bus round trips through a twin, physics twin stepping.",
        subcommands: [BusBench.self, PhysicsBench.self])
}
