import Foundation
import Metrics
import SteadyCore

/// Replays joint targets from a CSV file: a header of joint names, one row per target, radians.
///
/// An optional `time` column (seconds, increasing) makes the replay follow it: each call
/// samples the targets at t = calls / call rate, interpolating linearly between rows. Without
/// it, each call takes the next row. Joints without a column hold the pose of the first
/// observation; after the last row the last targets are held. Columns that name no joint of the
/// robot are an error (a typo would otherwise hold that joint silently).
public final class ReplayPolicy: Policy {
    public let name: String
    /// Seconds of the file's motion (rows / call rate without a time column).
    public let durationSeconds: Double
    private let times: [Double]?
    /// Targets per joint (nil: hold).
    private let columns: [[Double]?]
    private let callRateHz: Double
    private let rows: Int
    private let held: JointBuffer<Float>
    private var calls = 0
    private var row = 0

    /// Loads `url` for `robot`'s joints.
    /// - Throws: `MetricsInputError` naming the file, line and column at fault.
    public init(contentsOf url: URL, robot: RobotDescription, callRateHz: Double) throws {
        let table = try CSVTable.load(contentsOf: url, displayPath: url.path)
        var columns = [[Double]?](repeating: nil, count: robot.joints.count)
        var times: [Double]?
        for (name, values) in zip(table.columnNames, table.columns) {
            if name == "time" { times = values; continue }
            let joint = name.hasPrefix("cmd.") ? String(name.dropFirst(4)) : name
            guard let index = robot.joints.firstIndex(where: { $0.name == joint }) else {
                throw MetricsInputError(path: url.path, line: 1, column: name,
                                        reason: "no joint '\(joint)' in \(robot.name) (joints: \(robot.joints.map(\.name).joined(separator: ", ")))")
            }
            for (row, value) in values.enumerated() where !value.isFinite {
                throw MetricsInputError(path: url.path, line: table.lineNumbers[row], column: name, reason: "\(value) is not a finite target")
            }
            columns[index] = values
        }
        guard table.rowCount > 0, columns.contains(where: { $0 != nil }) else {
            throw MetricsInputError(path: url.path, reason: "no joint columns or no rows")
        }
        if let times {
            for row in 1..<max(times.count, 1) where !(times[row] > times[row - 1]) {
                throw MetricsInputError(path: url.path, line: table.lineNumbers[row], column: "time",
                                        reason: "\(times[row]) s does not come after \(times[row - 1]) s")
            }
        }
        self.times = times
        self.columns = columns
        self.callRateHz = callRateHz
        rows = table.rowCount
        durationSeconds = times.map { $0[$0.count - 1] - $0[0] } ?? Double(table.rowCount) / callRateHz
        held = JointBuffer(count: robot.joints.count, repeating: 0)
        name = "replay:\(url.lastPathComponent)"
    }

    public func reset() {
        calls = 0
        row = 0
    }

    /// - Important: Real-time: no allocation, no locks, no system calls.
    public func act(observation: UnsafeBufferPointer<Float>, action: UnsafeMutableBufferPointer<Float>) {
        if calls == 0 {
            for joint in 0..<held.count { held[joint] = observation[joint] }
        }
        var lower = min(calls, rows - 1), upper = lower, fraction = 0.0
        if let times {
            let t = times[0] + Double(calls) / callRateHz
            while row + 1 < rows && times[row + 1] <= t { row += 1 }
            lower = row
            upper = min(row + 1, rows - 1)
            if upper > lower { fraction = min(1, max(0, (t - times[lower]) / (times[upper] - times[lower]))) }
        }
        for joint in 0..<held.count {
            if let column = columns[joint] {
                action[joint] = Float(column[lower] + (column[upper] - column[lower]) * fraction)
            } else {
                action[joint] = held[joint]
            }
        }
        calls += 1
    }
}
