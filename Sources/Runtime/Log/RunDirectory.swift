import Foundation
import Metrics

/// A directory about to receive a run: it must not hold another run, whose files the new run
/// would mix with its own (a new run.mcap beside an old commands.csv describes two runs).
public enum RunDirectory {
    /// The files a run leaves in its directory, and `tb`, where `steady run` puts its TensorBoard
    /// event file by default (a new event file beside an old one would draw both runs as one).
    public static let runFiles = [RunLogger.fileName, MetricsReport.fileName, RunSignals.commandsFileName, "tb"]

    /// Checks that `directory` holds no run, or, with `overwrite`, removes every file of the
    /// run it holds (so nothing of the old run stays beside the new one).
    /// - Throws: `RunLogError.runExists` naming the directory and the files found;
    ///   `RunLogError.cannotWrite` when a file cannot be removed.
    public static func prepare(_ directory: URL, overwrite: Bool) throws {
        let present = runFiles.filter { FileManager.default.fileExists(atPath: directory.appendingPathComponent($0).path) }
        guard !present.isEmpty else { return }
        guard overwrite else { throw RunLogError.runExists(path: directory.path, files: present) }
        for name in present {
            let url = directory.appendingPathComponent(name)
            do {
                try FileManager.default.removeItem(at: url)
            } catch {
                throw RunLogError.cannotWrite(path: url.path, reason: "cannot remove the old run's file: \(error.localizedDescription)")
            }
        }
    }
}
