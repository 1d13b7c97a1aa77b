/// Reading `RunSignals` from a `CSVTable`.
///
/// Column conventions (one row per control tick; names are case-sensitive):
///
/// | column              | meaning                                                         |
/// |---------------------|-----------------------------------------------------------------|
/// | `time`              | tick time, s, strictly increasing (optional; replaces the rate) |
/// | `<joint>`           | command of `<joint>`, rad (a bare name is a command)            |
/// | `cmd.<joint>`       | the same, spelled explicitly                                    |
/// | `pos.<joint>`       | measured present position of `<joint>`, rad → `rms_jerk`        |
/// | `cur.<joint>`       | motor current of `<joint>`, A → `i2t_amp2_seconds`              |
/// | `temp.<joint>`      | motor temperature of `<joint>`, °C → peak, seconds above 60 °C  |
/// | `limit.<stage>`     | 1 if safety stage `<stage>` changed the command this tick, else 0 |
/// | `loop.lateness_us`  | how late the tick started after its deadline, µs                |
/// | `loop.missed`       | deadlines skipped just before this tick (whole number ≥ 0)      |
///
/// Joints appear in the order of their command columns; `pos.`, `cur.` and `temp.` columns need
/// a command column for the same joint. Limiter stages keep their column order. Any other
/// dotted prefix is an error, so a typo cannot silently drop a signal.
///
/// Sample rate: with a `time` column, f_s = (N − 1) / (t_last − t_first) and the given rate is
/// ignored; without one, the given rate is used. Loop elapsed time is t_last − t_first with a
/// `time` column, else (N − 1 + missed) / f_s.
extension RunSignals {
    /// The CSV of per-tick signals inside a run directory, in the layout above.
    public static let commandsFileName = "commands.csv"

    /// The name of the optional time column, seconds.
    public static let timeColumn = "time"

    /// Reads run signals from a table under the column conventions above.
    ///
    /// Joint ranges are left unset (each joint is normalised by its command's own min … max);
    /// apply a robot's limits with `withRanges(from:)`.
    /// - Parameter sampleRateHz: the tick rate, needed when the table has no `time` column.
    /// - Throws: `MetricsInputError` naming the file, and the line and column when there is one.
    public init(table: CSVTable, sampleRateHz: Double?) throws {
        let path = table.path
        var commandColumns: [(joint: String, column: String, values: [Double])] = []
        var extras: [(prefix: String, joint: String, column: String, values: [Double])] = []
        var stages: [(name: String, column: String, values: [Double])] = []
        var lateness: [Double]?, missed: [Double]?
        var time: [Double]?

        for (name, values) in zip(table.columnNames, table.columns) {
            func fail(_ reason: String) -> MetricsInputError {
                MetricsInputError(path: path, line: 1, column: name, reason: reason)
            }
            if name == Self.timeColumn { time = values; continue }
            guard let dot = name.firstIndex(of: ".") else {
                commandColumns.append((name, name, values)); continue
            }
            let prefix = String(name[..<dot]), rest = String(name[name.index(after: dot)...])
            guard !rest.isEmpty else { throw fail("nothing after '\(prefix).'") }
            switch prefix {
            case "cmd": commandColumns.append((rest, name, values))
            case "pos", "cur", "temp": extras.append((prefix, rest, name, values))
            case "limit": stages.append((rest, name, values))
            case "loop" where rest == "lateness_us": lateness = values
            case "loop" where rest == "missed": missed = values
            case "loop": throw fail("unknown loop column (expected loop.lateness_us or loop.missed)")
            default: throw fail("unknown prefix '\(prefix).' (expected cmd., pos., cur., temp., limit. or loop.)")
            }
        }

        // Sample rate.
        let rate: Double
        if let time {
            for row in 1..<time.count where !(time[row] > time[row - 1]) {
                throw MetricsInputError(path: path, line: table.lineNumbers[row], column: Self.timeColumn,
                                        reason: "\(time[row]) s does not come after \(time[row - 1]) s")
            }
            rate = Double(time.count - 1) / (time[time.count - 1] - time[0])
        } else if let sampleRateHz {
            guard sampleRateHz > 0, sampleRateHz.isFinite else {
                throw MetricsInputError(path: path, reason: "sample rate \(sampleRateHz) Hz is not positive")
            }
            rate = sampleRateHz
        } else {
            throw MetricsInputError(path: path, reason: "no 'time' column and no sample rate given (--rate HZ)")
        }

        // Joints.
        var joints: [JointSignals] = []
        for (joint, column, values) in commandColumns {
            if let earlier = joints.firstIndex(where: { $0.name == joint }) {
                let first = commandColumns[earlier].column
                throw MetricsInputError(path: path, line: 1, column: column,
                                        reason: "second command for joint '\(joint)' (first is '\(first)')")
            }
            joints.append(JointSignals(name: joint, command: values))
        }
        guard !joints.isEmpty else {
            throw MetricsInputError(path: path, line: 1, reason: "no joint command columns")
        }
        for (prefix, joint, column, values) in extras {
            guard let index = joints.firstIndex(where: { $0.name == joint }) else {
                throw MetricsInputError(path: path, line: 1, column: column,
                                        reason: "no command column for joint '\(joint)'")
            }
            switch prefix {
            case "pos": joints[index].presentPosition = values
            case "cur": joints[index].currentAmps = values
            default: joints[index].temperatureCelsius = values
            }
        }

        // Limiter stages, one bit each.
        var flags: [UInt64]?
        if !stages.isEmpty {
            guard stages.count <= 64 else {
                throw MetricsInputError(path: path, line: 1, column: stages[64].column,
                                        reason: "more than 64 limiter stages")
            }
            var masks = [UInt64](repeating: 0, count: table.rowCount)
            for (bit, stage) in stages.enumerated() {
                for row in 0..<table.rowCount {
                    switch stage.values[row] {
                    case 0: break
                    case 1: masks[row] |= 1 << UInt64(bit)
                    default:
                        throw MetricsInputError(path: path, line: table.lineNumbers[row], column: stage.column,
                                                reason: "\(stage.values[row]) is not 0 or 1")
                    }
                }
            }
            flags = masks
        }

        // Loop timing.
        var loop: LoopTiming?
        if missed != nil && lateness == nil {
            throw MetricsInputError(path: path, line: 1, column: "loop.missed",
                                    reason: "needs a loop.lateness_us column")
        }
        if let lateness {
            var missedTotal = 0
            for (row, value) in (missed ?? []).enumerated() {
                guard value >= 0, value == value.rounded(), value < 1e15 else {
                    throw MetricsInputError(path: path, line: table.lineNumbers[row], column: "loop.missed",
                                            reason: "\(value) is not a whole number ≥ 0")
                }
                missedTotal += Int(value)
            }
            let elapsed = time.map { $0[$0.count - 1] - $0[0] } ?? Double(table.rowCount - 1 + missedTotal) / rate
            loop = LoopTiming(latenessSeconds: lateness.map { $0 * 1e-6 }, missedTicks: missedTotal,
                              elapsedSeconds: elapsed)
        }

        self.init(sampleRateHz: rate, joints: joints, limiterStageNames: stages.map(\.name),
                  limiterFlags: flags, loopTiming: loop)
    }
}
