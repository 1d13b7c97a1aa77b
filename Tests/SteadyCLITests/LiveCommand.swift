import Foundation
import ServoBus
import ServoWire
import SteadyCore

/// A `steady` command running in the background whose output is collected as it comes, so a
/// test can wait for a line (a condition, not a fixed sleep) and then signal it.
final class LiveCommand {
    let process = Process()
    private let pipe = Pipe()
    private let lock = NSLock()
    private var collected = Data()

    init(_ arguments: [String]) throws {
        process.executableURL = steadyBinary
        process.arguments = arguments
        process.currentDirectoryURL = repositoryRoot
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        pipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.lock()
            self.collected.append(data)
            self.lock.unlock()
        }
        try process.run()
    }

    /// Everything printed so far.
    var output: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: collected, as: UTF8.self)
    }

    /// Waits (polling, at most `seconds`) until the output satisfies `condition`; false if it
    /// never did or the process ended first.
    func wait(seconds: Double = 20, until condition: (String) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition(output) { return true }
            if !process.isRunning { return condition(output) }
            usleep(10_000)
        }
        return false
    }

    /// Sends `signal` to the process.
    func send(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits for the process to end; its status, whether a signal ended it, and its output.
    func finish() -> (status: Int32, bySignal: Bool, output: String) {
        process.waitUntilExit()
        pipe.fileHandleForReading.readabilityHandler = nil
        let rest = pipe.fileHandleForReading.readDataToEndOfFile()
        lock.lock()
        collected.append(rest)
        lock.unlock()
        return (process.terminationStatus, process.terminationReason == .uncaughtSignal, output)
    }

    deinit { if process.isRunning { process.terminate() } }
}

/// The so101 twin behind `link` as a client sees it: one register of every motor.
func so101Registers(_ register: RegisterName, link: String) throws -> [Int] {
    let arm = try SerialArm(link: link)
    return try arm.robot.joints.indices.map { try arm.bus.read(register, joint: $0) }
}

/// A fresh scratch directory under the temporary directory.
func scratchDirectory(_ name: String) throws -> URL {
    let directory = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("steady-\(name)-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory
}
