import ArgumentParser
import Runtime
import Safety
import SteadyCore

/// `steady run`'s options turned into the runtime's settings.
extension RunCommand {
    func parsedGoal() throws -> SIMD3<Double>? {
        guard let goal else { return nil }
        let values = goal.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard values.count == 3, values.allSatisfy(CommandRanges.goalCoordinate.contains) else {
            throw ValidationError("--goal must be three numbers X,Y,Z, each \(CommandRanges.goalCoordinate), not '\(goal)'")
        }
        return SIMD3(values[0], values[1], values[2])
    }

    /// The rate to call `made` at (nil: every tick) and a notice when it is not the rate a
    /// checkpoint was trained at.
    func policyRate(for made: RuntimePolicy) -> (rateHz: Double?, notice: String?) {
        guard let deployment = made.deployment else { return (policyRate, nil) }
        let trained = deployment.trainedRateHz
        let chosen = policyRate ?? (trained < rate ? trained : nil)
        let ticks = LoopConfiguration(rateHz: rate, policyRateHz: chosen).ticksPerPolicyCall
        let actual = rate / Double(ticks)
        guard abs(actual - trained) > 1e-6 * trained else { return (chosen, nil) }
        return (chosen, "notice: the policy was trained at \(fixed(trained, 1)) Hz; it is called every \(ticks) tick(s) of the "
                + "\(fixed(rate, 0)) Hz loop, at \(fixed(actual, 1)) Hz")
    }

    var loopConfiguration: LoopConfiguration {
        LoopConfiguration(rateHz: rate, durationSeconds: duration, softStartSeconds: softStart, holdSeconds: hold,
                          policyRateHz: policyRate, policyBudgetFraction: policyBudget, busBudgetFraction: busBudget,
                          maxFailedTicks: maxFailedTicks)
    }

    /// `--smoothing ema:ALPHA` or `lowpass:HZ`, each number checked against its range (and a
    /// cutoff below half the loop rate).
    func parsedSmoothing() throws -> SafetyConfiguration.Smoothing {
        guard let smoothing else { return .none }
        let parts = smoothing.split(separator: ":", maxSplits: 1).map(String.init)
        func value(_ range: SettingRange<Double>) throws -> Double {
            do { return try range.parse(parts[1]) } catch { throw ValidationError("--smoothing \(smoothing): \(error)") }
        }
        switch (parts.first, parts.count) {
        case ("ema", 2): return .ema(alpha: try value(SafetyRanges.emaAlpha))
        case ("lowpass", 2):
            let cutoff = try value(SafetyRanges.lowPassCutoff)
            guard cutoff < rate / 2 else {
                throw ValidationError("--smoothing \(smoothing): the cutoff must be below half of --rate (\(Double.spell(rate / 2)) Hz)")
            }
            return .lowPass(cutoffHertz: cutoff)
        default: throw ValidationError("--smoothing must be ema:ALPHA or lowpass:HZ, not '\(smoothing)'")
        }
    }

    /// The run's options as the command line sets them (real-time settings aside).
    func runOptions(loop: LoopConfiguration, robot: RobotDescription? = nil) -> RunOptions {
        RunOptions(loop: loop, keepTorque: keepTorque, realTime: .none, spinMicroseconds: spinUs, retries: retries,
                   maxFailedShare: maxFailedShare, overwriteLog: overwrite,
                   calibrationFile: robot.flatMap { calibrationOption.fileToVerify(for: $0) })
    }
}
