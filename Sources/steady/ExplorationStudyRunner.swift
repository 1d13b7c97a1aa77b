import Foundation

/// Runs the study's `steady train` children, `jobs` at a time, skipping runs that finished
/// before; prints progress with an ETA from the durations of the runs finished so far.
///
/// Each run's output goes to `train.log` in its run directory. On SIGINT/SIGTERM no new run
/// starts, the running children are interrupted (they end early, so their eval.json records too
/// few steps and the next invocation redoes them), and `run` returns once they have exited.
final class ExplorationStudyRunner {
    struct Planned {
        let name: String
        let arguments: [String]
        let directory: URL
    }

    private struct Running {
        let planned: Planned
        let process: Process
        let log: FileHandle
        let startNanoseconds: UInt64
    }

    let jobs: Int
    let total: Int
    private var durations = [Double]()
    private(set) var failures = [String]()
    private(set) var completed = 0

    init(jobs: Int, total: Int) {
        self.jobs = jobs
        self.total = total
    }

    /// Runs `pending` (those not finished yet); `alreadyDone` counts toward progress.
    func run(_ pending: [Planned], alreadyDone: Int) throws {
        completed = alreadyDone
        var queue = pending[...]
        var running = [Running]()
        var interrupted = false
        while !queue.isEmpty || !running.isEmpty {
            if stopSignalReceived != 0 && !interrupted {
                interrupted = true
                queue = []
                for child in running where child.process.isRunning { child.process.interrupt() }
                print("stopping: waiting for \(running.count) run(s) to end; rerun the same command to finish the rest")
            }
            while running.count < jobs, let next = queue.popFirst() {
                running.append(try start(next))
                printRunning(running, queued: queue.count)
            }
            usleep(100_000)
            for (index, child) in running.enumerated().reversed() where !child.process.isRunning {
                running.remove(at: index)
                finish(child, interrupted: interrupted, remaining: queue.count + running.count)
            }
        }
    }

    private func start(_ planned: Planned) throws -> Running {
        let manager = FileManager.default
        try? manager.removeItem(at: planned.directory)   // a partial run starts over
        try manager.createDirectory(at: planned.directory, withIntermediateDirectories: true)
        let logURL = planned.directory.appendingPathComponent("train.log")
        manager.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        let process = try startSteadyChild(planned.arguments, output: log)
        return Running(planned: planned, process: process, log: log, startNanoseconds: DispatchTime.now().uptimeNanoseconds)
    }

    private func finish(_ child: Running, interrupted: Bool, remaining: Int) {
        try? child.log.close()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - child.startNanoseconds) / 1e9
        let status = child.process.terminationStatus
        if status == 0 && !interrupted {
            completed += 1
            durations.append(seconds)
            let eta = remaining > 0 ? ", ETA \(Self.duration(etaSeconds(remaining: remaining)))" : ""
            print("[\(completed)/\(total)] \(child.planned.name) done in \(Self.duration(seconds))\(eta)")
        } else if interrupted {
            print("\(child.planned.name) stopped after \(Self.duration(seconds)) (will be redone)")
        } else {
            failures.append(child.planned.name)
            print("\(child.planned.name) FAILED (exit \(status)) after \(Self.duration(seconds)): see \(displayPath(child.planned.directory.appendingPathComponent("train.log")))")
        }
        flushOutput()
    }

    private func printRunning(_ running: [Running], queued: Int) {
        print("running \(running.map(\.planned.name).joined(separator: ", ")) (\(queued) queued)")
        flushOutput()
    }

    /// Seconds left: the mean duration of finished runs times the rounds of `jobs` still to go.
    func etaSeconds(remaining: Int) -> Double {
        guard !durations.isEmpty else { return .nan }
        let mean = durations.reduce(0, +) / Double(durations.count)
        return mean * Double((remaining + jobs - 1) / jobs)
    }

    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        if seconds < 90 { return "\(fixed(seconds, 0)) s" }
        if seconds < 5400 { return "\(fixed(seconds / 60, 1)) min" }
        return "\(fixed(seconds / 3600, 1)) h"
    }
}
