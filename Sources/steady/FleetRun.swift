import ArgumentParser
import Foundation

/// One row of `steady bench fleet`: a `steady sidecar` on TCP and N `steady actor` processes,
/// started, measured from the learner's progress.csv, and stopped.
struct FleetRun {
    /// What one row measured.
    struct Measurement {
        /// Transitions the learner stored per second in the measured window.
        var transitionsPerSecond = 0.0
        /// The learner's gradient updates per second in the same window.
        var updatesPerSecond = 0.0
        /// Rounds the paced actors started more than a period late, summed.
        var lateRounds = 0
    }

    var env: String
    var net: String
    var batch: Int
    var utd: Int
    var actors: Int
    /// Steps per second of each actor; nil for CPU-bound.
    var pace: Double?
    /// Where the row's run directory and outputs go.
    var directory: URL

    func measure(warmupSeconds: Double, seconds: Double) throws -> Measurement {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let run = directory.appendingPathComponent("run")
        let learnerOutput = directory.appendingPathComponent("learner.txt")
        let learner = try LearnLoopBench.start(
            ["sidecar", "--env", env, "--run-dir", run.path, "--listen", "127.0.0.1:0", "--net", net, "--batch", String(batch),
             "--utd", String(utd), "--buffer", "200000", "--checkpoint-every", "0", "--quiet", "--no-tensorboard"],
            output: learnerOutput)
        defer { learner.interrupt(); learner.waitUntilExit() }
        let address = try Self.tcpAddress(in: learnerOutput, of: learner)
        var processes: [(Process, URL)] = []
        defer { for (process, _) in processes where process.isRunning { process.terminate(); process.waitUntilExit() } }
        for i in 0..<actors {
            let output = directory.appendingPathComponent("actor\(i).txt")
            let arguments = ["actor", "--env", env, "--sidecar", address, "--net", net, "--name", "fleet-\(i)",
                             "--seed", String(i + 1), "--quiet"] + (pace.map { ["--pace", String($0)] } ?? [])
            processes.append((try LearnLoopBench.start(arguments, output: output), output))
        }
        usleep(UInt32(warmupSeconds * 1e6))
        let first = try Self.lastProgress(run, learner: learnerOutput)
        usleep(UInt32(seconds * 1e6))
        let last = try Self.lastProgress(run, learner: learnerOutput)
        var m = Measurement()
        for (process, output) in processes {
            process.interrupt()
            process.waitUntilExit()
            let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            if let range = text.range(of: "late rounds ") {
                m.lateRounds += Int(text[range.upperBound...].prefix { $0.isNumber }) ?? 0
            }
        }
        let elapsed = last.elapsedSeconds - first.elapsedSeconds
        guard elapsed > 0 else {
            throw ValidationError("fleet bench: the learner wrote no progress in \(fixed(seconds, 0)) s; see \(learnerOutput.path)")
        }
        m.transitionsPerSecond = Double(last.steps - first.steps) / elapsed
        m.updatesPerSecond = Double(last.updates - first.updates) / elapsed
        return m
    }

    /// The learner's TCP address from its "listening on unix:… and HOST:PORT;" line.
    static func tcpAddress(in output: URL, of learner: Process) throws -> String {
        let deadline = Date(timeIntervalSinceNow: 30)
        while Date() < deadline {
            let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.contains("listening on ") }),
               let and = line.range(of: " and ") {
                return String(line[and.upperBound...].prefix { $0 != ";" })
            }
            guard learner.isRunning else { break }
            usleep(20_000)
        }
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        throw ValidationError("fleet bench: the learner did not start listening:\n\(text.suffix(2_000))")
    }

    /// steps, updates and elapsed_seconds of the newest progress.csv row.
    static func lastProgress(_ run: URL, learner: URL) throws -> (steps: Int, updates: Int, elapsedSeconds: Double) {
        let url = run.appendingPathComponent("progress.csv")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        // A row being appended right now is not complete yet: read up to the last newline.
        let rows = text[..<(text.lastIndex(of: "\n") ?? text.startIndex)].split(separator: "\n")
        let header = rows.first?.split(separator: ",").map(String.init) ?? []
        guard rows.count >= 2, let s = header.firstIndex(of: "steps"), let u = header.firstIndex(of: "updates"),
              let e = header.firstIndex(of: "elapsed_seconds") else {
            throw ValidationError("fleet bench: \(url.path) has no progress rows; see \(learner.path)")
        }
        let fields = rows[rows.count - 1].split(separator: ",", omittingEmptySubsequences: false)
        guard fields.count == header.count, let steps = Int(fields[s]), let updates = Int(fields[u]),
              let elapsed = Double(fields[e]) else {
            throw ValidationError("fleet bench: \(url.path): a malformed last row")
        }
        return (steps, updates, elapsed)
    }
}
