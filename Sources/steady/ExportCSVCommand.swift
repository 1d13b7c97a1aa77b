import ArgumentParser
import Foundation
import Metrics
import Runtime
import SteadyCore

/// `steady export-csv RUN`: the run log as the CSV that `steady metrics` and spreadsheets read.
struct ExportCSVCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-csv",
        abstract: "Export a run log (RUN/run.mcap) as CSV: time, cmd./pos./cur./temp.<joint>, limit.<stage>, loop.*.",
        discussion: """
        Writes RUN/commands.csv (or --output FILE, or - for standard output) in the layout \
        `steady metrics` reads: one row per tick; time in s; cmd.<joint> the command sent and \
        pos.<joint> the measured position in rad; cur.<joint> in A (models that report it); \
        temp.<joint> in °C; limit.<stage> 1 when that safety stage acted; loop.lateness_us and \
        loop.missed. Ticks whose read failed repeat the previous measurement.
        """)

    @Argument(help: ArgumentHelp("A run directory (or its run.mcap).", valueName: "RUN"))
    var runPath: String

    @Option(name: .shortAndLong, help: "Output file, or - for standard output (default: RUN/commands.csv).")
    var output: String?

    func run() throws {
        do {
            let log = try RunLog.read(URL(fileURLWithPath: runPath))
            let text = try log.csv()
            if output == "-" {
                FileHandle.standardOutput.write(Data(text.utf8))
                if let warning = log.cutShortWarning(path: runPath) { printError("steady export-csv: warning: \(warning)") }
                return
            }
            var isDirectory: ObjCBool = false
            let runIsDirectory = FileManager.default.fileExists(atPath: runPath, isDirectory: &isDirectory) && isDirectory.boolValue
            let base = runIsDirectory ? URL(fileURLWithPath: runPath) : URL(fileURLWithPath: runPath).deletingLastPathComponent()
            let url = output.map { URL(fileURLWithPath: $0) } ?? base.appendingPathComponent(RunSignals.commandsFileName)
            try AtomicFile.write(Data(text.utf8), to: url)
            print("\(log.tickCount) ticks → \(url.path)")
            if let warning = log.cutShortWarning(path: runPath) { printError("steady export-csv: warning: \(warning)") }
        } catch {
            printError("steady export-csv: \(error)")
            throw ExitCode.failure
        }
    }
}
