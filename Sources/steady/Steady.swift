import ArgumentParser

/// The `steady` command line: argument parsing and wiring only.
@main
struct Steady: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "steady",
        abstract: "A fixed-rate robot control runtime with a learning sidecar.",
        subcommands: [])
}
