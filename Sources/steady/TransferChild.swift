import ArgumentParser
import Foundation

/// The children of `steady transfer`: `steady` commands with their output in a log file, and
/// a twin on a pseudo-terminal for the runtime steps.
enum TransferChild {
    /// Runs `steady arguments` with its output in `log`, printing the log's last line every
    /// 30 s; Ctrl-C stops it and ends the study.
    /// - Returns: the child's exit status (non-zero throws unless `acceptFailure`).
    @discardableResult
    static func run(_ arguments: [String], log: URL, acceptFailure: Bool = false) throws -> Int32 {
        try FileManager.default.createDirectory(at: log.deletingLastPathComponent(), withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: log.path, contents: Data("$ steady \(arguments.joined(separator: " "))\n".utf8))
        let output = try FileHandle(forWritingTo: log)
        defer { try? output.close() }
        output.seekToEndOfFile()
        let process = try startSteadyChild(arguments, output: output)
        var lastReport = Date()
        while process.isRunning {
            usleep(100_000)
            if stopSignalReceived != 0 {
                if process.isRunning { process.interrupt() }
                process.waitUntilExit()
                throw ExitCode(130)
            }
            if Date().timeIntervalSince(lastReport) >= 30 {
                lastReport = Date()
                if let line = lastLine(of: log) { print("  … \(line)"); flushOutput() }
            }
        }
        process.waitUntilExit()
        let status = process.terminationStatus
        if status != 0 && !acceptFailure {
            throw TransferError(step: arguments.first ?? "steady", log: log,
                                problem: "steady \(arguments.first ?? "") ended with status \(status): \(lastLine(of: log) ?? "")")
        }
        return status
    }

    /// Starts `steady twin --robot ROBOT --physics PHYSICS` on a fresh link, runs `body` with the
    /// link's path, and stops the twin (SIGINT) however `body` ends.
    static func withTwin<T>(robot: String, physics: String, log: URL, _ body: (String) throws -> T) throws -> T {
        let link = NSTemporaryDirectory() + "steady-transfer-\(getpid())-\(UUID().uuidString.prefix(6))"
        try FileManager.default.createDirectory(at: log.deletingLastPathComponent(), withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let output = try FileHandle(forWritingTo: log)
        defer { try? output.close() }
        let twin = try startSteadyChild(["twin", "--robot", robot, "--link", link, "--physics", physics], output: output)
        // As make demo runs it: with real-time priority where permitted, since the twin shares
        // this machine's CPUs with the control loop, where a real bus answers in microseconds
        // whatever else runs (no permission: it runs as it is).
        var priority = sched_param(sched_priority: 50)
        _ = sched_setscheduler(twin.processIdentifier, SCHED_FIFO, &priority)
        defer {
            if twin.isRunning { twin.interrupt() }
            twin.waitUntilExit()
        }
        // As the tests wait for a twin: its link appears once the pty answers.
        let deadline = Date().addingTimeInterval(20)
        while (try? FileManager.default.destinationOfSymbolicLink(atPath: link)) == nil {
            guard twin.isRunning, Date() < deadline else {
                throw TransferError(step: "twin", log: log, problem: "the twin did not come up at \(link)")
            }
            usleep(20_000)
        }
        return try body(link)
    }

    /// The last non-empty line of a log (progress lines redrawn with \r count as lines).
    static func lastLine(of log: URL) -> String? {
        guard let text = try? String(contentsOf: log, encoding: .utf8) else { return nil }
        return text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).last.map { String($0.prefix(160)) }
    }
}
