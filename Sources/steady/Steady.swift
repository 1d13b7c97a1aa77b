import ArgumentParser

/// The `steady` command line: argument parsing and wiring only.
@main
struct Steady: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "steady",
        abstract: "A fixed-rate robot control runtime with a learning sidecar.",
        discussion: """
        Drives Feetech (SO-101) and Dynamixel (Koch, LEAP hand) servo buses, or their simulated \
        twins on a virtual serial port. Start with `steady twin --robot so101 --link /tmp/so101`.
        """,
        subcommands: [TwinCommand.self, ScanCommand.self, ReadCommand.self, CalibrateCommand.self, RunCommand.self,
                      TrainCommand.self, EvalCommand.self, StudyCommand.self, SimCommand.self, MetricsCommand.self, ExportCSVCommand.self,
                      SidecarCommand.self, ActorCommand.self, TransferCommand.self, BenchCommand.self])
}
