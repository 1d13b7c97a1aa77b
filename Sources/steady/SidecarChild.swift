import Foundation

/// A `steady sidecar` started by `steady run --learn` for its own use: the same binary as a
/// child process on a run-directory socket, its output in `sidecar.log` there, stopped (SIGINT:
/// a last checkpoint) when the run ends.
final class SidecarChild {
    /// The child's run directory.
    let directory: URL
    /// Its Unix socket.
    let socketPath: String
    /// Its output.
    let logFile: URL
    private let process: Process

    /// Starts `steady sidecar ARGUMENTS --run-dir DIRECTORY` and waits up to `timeoutSeconds`
    /// for its socket to appear.
    /// - Throws: `SidecarChildError` when it cannot start, exits early or does not listen in time.
    init(arguments: [String], directory: URL, timeoutSeconds: Double = 60) throws {
        self.directory = directory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        socketPath = directory.appendingPathComponent("sidecar.sock").path
        logFile = directory.appendingPathComponent("sidecar.log")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let output = try FileHandle(forWritingTo: logFile)
        output.seekToEndOfFile()
        try? FileManager.default.removeItem(atPath: socketPath)
        do {
            process = try startSteadyChild(["sidecar"] + arguments + ["--run-dir", directory.path], output: output)
        } catch {
            throw SidecarChildError(message: "cannot start steady sidecar: \(error)")
        }
        let deadline = Date(timeIntervalSinceNow: timeoutSeconds)
        while !FileManager.default.fileExists(atPath: socketPath) {
            guard process.isRunning else {
                throw SidecarChildError(message: "steady sidecar exited (status \(process.terminationStatus)) before listening; see \(logFile.path):\n" + tail())
            }
            guard Date() < deadline else {
                stop()
                throw SidecarChildError(message: "steady sidecar did not listen within \(Int(timeoutSeconds)) s; see \(logFile.path)")
            }
            usleep(20_000)
        }
    }

    /// The child's process id.
    var processIdentifier: Int32 { process.processIdentifier }

    /// Asks the child to stop (SIGINT: it checkpoints) and waits for it; SIGKILL after `graceSeconds`.
    func stop(graceSeconds: Double = 30) {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGINT)
        let deadline = Date(timeIntervalSinceNow: graceSeconds)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// The last lines of its output.
    func tail(lines: Int = 20) -> String {
        let text = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(lines).joined(separator: "\n")
    }

    /// The duplicates the learner counted for actor `name` (from its final summary), if it printed them.
    func duplicates(actor name: String) -> Int? {
        let text = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
        for line in text.split(separator: "\n").reversed() where line.contains("actor \(name):") {
            guard let range = line.range(of: "duplicates ") else { continue }
            return Int(line[range.upperBound...].prefix(while: \.isNumber))
        }
        return nil
    }
}

/// Why the sidecar child could not serve.
struct SidecarChildError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
