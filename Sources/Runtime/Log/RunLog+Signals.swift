import Foundation
import Metrics

/// The run log as the Metrics module's `RunSignals`, and as the CSV that `steady metrics` reads.
extension RunLog {
    /// The signals the metrics are computed from: per joint the command sent, the measured
    /// position, current and temperature; the limiter flags; lateness and missed deadlines.
    ///
    /// Ticks whose read failed have no measurements: they repeat the previous tick's values (the
    /// first ticks take the first measured value), so that every signal has one value per tick.
    /// Currents appear only for joints whose model reports one. The sample rate is
    /// (N − 1) / (t_last − t_first), as `RunSignals` derives it from a CSV's `time` column, so
    /// the log and its CSV export give the same metrics.
    /// - Throws: `RunLogError.unreadable` when the log has no ticks.
    public func signals(path: String = "run log") throws -> RunSignals {
        guard tickCount >= 1 else { throw RunLogError.unreadable(path: path, reason: "no ticks were logged") }
        guard !metadata.jointNames.isEmpty, Set(metadata.jointNames).count == metadata.jointNames.count else {
            throw RunLogError.unreadable(path: path, reason: "its joint_names are empty or repeat a name")
        }
        let times = column(.timeSeconds)
        let span = (times.last ?? 0) - (times.first ?? 0)
        let measured = tickCount > 1 && span > 0 ? Double(tickCount - 1) / span : .nan
        // A damaged time column falls back on the metadata's rate (checked finite and positive).
        let rate = measured.isFinite && measured > 0 ? measured : metadata.rateHz
        var joints: [JointSignals] = []
        for (index, name) in metadata.jointNames.enumerated() {
            let currents = column(.current, joint: index)
            joints.append(JointSignals(
                name: name, command: column(.command, joint: index),
                presentPosition: Self.filled(column(.position, joint: index)),
                currentAmps: currents.contains(where: \.isFinite) ? Self.filled(currents) : nil,
                temperatureCelsius: Self.filled(column(.temperature, joint: index))))
        }
        let flags = column(.flags).map { UInt64($0) }
        let lateness = column(.latenessMicroseconds).map { $0 * 1e-6 }
        let missed = column(.missed).reduce(0) { $0 + Int($1) }
        return RunSignals(sampleRateHz: rate, joints: joints, limiterStageNames: metadata.flagNames, limiterFlags: flags,
                          loopTiming: RunSignals.LoopTiming(latenessSeconds: lateness, missedTicks: missed,
                                                            elapsedSeconds: span))
    }

    /// Non-finite values replaced by the previous finite one (the first finite one at the start;
    /// 0 when there is none).
    static func filled(_ values: [Double]) -> [Double] {
        var last = values.first(where: \.isFinite) ?? 0
        return values.map { value in
            if value.isFinite { last = value }
            return last
        }
    }

    /// The CSV layout of `RunSignals+CSV` (`time`, `cmd.<joint>`, `pos.<joint>`, `cur.<joint>`,
    /// `temp.<joint>`, `limit.<stage>`, `loop.lateness_us`, `loop.missed`), numbers in Swift's
    /// shortest round-trip spelling so that re-reading gives the same values bit for bit.
    public func csv() throws -> String {
        let signals = try self.signals()
        var header = ["time"]
        for joint in signals.joints {
            header.append("cmd.\(joint.name)")
            header.append("pos.\(joint.name)")
            if joint.currentAmps != nil { header.append("cur.\(joint.name)") }
            header.append("temp.\(joint.name)")
        }
        header += metadata.flagNames.map { "limit.\($0)" }
        header += ["loop.lateness_us", "loop.missed"]
        var lines = ["# steady run log export: robot \(metadata.robot), policy \(metadata.policy), \(metadata.rateHz) Hz",
                     header.joined(separator: ",")]
        lines.reserveCapacity(tickCount + 2)
        for tick in 0..<tickCount {
            var row = ["\(value(.timeSeconds, tick: tick))"]
            for joint in signals.joints {
                row.append("\(joint.command[tick])")
                row.append("\(joint.presentPosition![tick])")
                if let current = joint.currentAmps { row.append("\(current[tick])") }
                row.append("\(joint.temperatureCelsius![tick])")
            }
            let flags = UInt64(value(.flags, tick: tick))
            for bit in 0..<metadata.flagNames.count { row.append(flags & (1 << UInt64(bit)) != 0 ? "1" : "0") }
            row.append("\(value(.latenessMicroseconds, tick: tick))")
            row.append("\(Int(value(.missed, tick: tick)))")
            lines.append(row.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
