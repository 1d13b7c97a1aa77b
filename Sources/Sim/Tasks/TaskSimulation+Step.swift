import Foundation
import MuJoCo
import SteadyCore

/// The control step and the noisy observation writers.
extension TaskSimulation {
    /// Carries a normalized action to the servos and advances one control period.
    ///
    /// - Important: allocation-free; runs once per control step.
    /// - Returns: the number of physics steps taken (the nominal count ± jitter).
    /// - Throws: `SimError.invalidAction` for a NaN or infinite component (nothing is applied);
    ///   `SimError.unstable` when the physics diverges (then `needsReset` is set);
    ///   `TaskError.needsReset` when called after a divergence without `beginEpisode`.
    @discardableResult
    public func advance(_ action: [Float], environment: String) throws -> Int {
        precondition(action.count == jointCount, "TaskSimulation: action needs \(jointCount) components, got \(action.count)")
        guard !needsReset else { throw TaskError.needsReset(environment: environment) }
        for value in action where !value.isFinite {
            throw SimError.invalidAction(environment: environment, action: action)
        }
        let n = jointCount
        let newest = historyHead * n
        let actionNoise = noise.actionStandardDeviation
        for i in 0..<n {
            var a = min(max(Double(action[i]), -1), 1)
            if actionNoise > 0 {
                a = min(max(a + actionNoise * noiseGenerator.gaussian(), -1), 1)
            }
            history[newest + i] = jointTarget(normalized: a, joint: i)
        }
        // The target that reaches the servos now was commanded `delay` ticks ago.
        let delayed = ((historyHead - draw.actionDelayTicks) % historyRows + historyRows) % historyRows * n
        historyHead = (historyHead + 1) % historyRows
        let ctrl = data.ctrlPointer
        for i in 0..<n {
            let command = history[delayed + i]
            let halfBand = 0.5 * draw.backlashRadians[i]
            var target = applied[i]
            if command > target + halfBand {
                target = command - halfBand
            } else if command < target - halfBand {
                target = command + halfBand
            }
            applied[i] = target
            ctrl[actuatorIndices[i]] = target
        }

        var steps = substeps
        if noise.substepJitter > 0 {
            let spread = UInt64(2 * noise.substepJitter + 1)
            steps = max(1, substeps - noise.substepJitter + Int(noiseGenerator.next() % spread))
        }
        if let scale = noise.timestepScale {
            model.timestepSeconds = nominalTimestep * scale.sample(using: &noiseGenerator)
        }
        do {
            try data.step(count: steps)
        } catch {
            needsReset = true
            throw error
        }
        // mj_step computes positions before it integrates: after it, the sites are where the
        // previous substep left them. Bring them to the new joint positions, so that the
        // observed end effector (and a reward computed from it) belongs to the observed joints.
        data.kinematics()
        lastSubsteps = steps
        advanceDrift(seconds: Double(steps) * model.timestepSeconds)
        return steps
    }

    /// Advances every Ornstein–Uhlenbeck drift state by `seconds` (exact discretization).
    private func advanceDrift(seconds: Double) {
        func advance(_ channel: RandomizationNoise.Channel, from start: Int, count: Int) {
            let sigma = channel.driftStandardDeviation
            guard sigma > 0 else { return }
            let decay = exp(-seconds / channel.driftTimeConstantSeconds)
            let spread = sigma * (1 - decay * decay).squareRoot()
            for k in start..<(start + count) {
                drift[k] = drift[k] * decay + spread * noiseGenerator.gaussian()
            }
        }
        advance(noise.jointPosition, from: 0, count: jointCount)
        advance(noise.jointVelocity, from: jointCount, count: jointCount)
        advance(noise.endEffector, from: 2 * jointCount, count: 3 * observedSites.count)
    }

    /// One observed value: the truth plus white noise, this episode's bias and the drift.
    @inline(__always)
    private func observed(_ truth: Double, _ channel: RandomizationNoise.Channel, bias: Double, drift k: Int) -> Float {
        var value = truth + bias + drift[k]
        if channel.white > 0 { value += channel.white * noiseGenerator.gaussian() }
        return Float(value)
    }

    /// Writes the observed joint positions (rad) to `buffer[0..<jointCount]` and velocities
    /// (rad/s) to `buffer[jointCount..<2·jointCount]`.
    public func writeJointObservation(to buffer: UnsafeMutablePointer<Float>) {
        let n = jointCount
        for i in 0..<n {
            buffer[i] = observed(position(ofJoint: i), noise.jointPosition, bias: draw.jointPositionBias[i], drift: i)
        }
        for i in 0..<n {
            buffer[n + i] = observed(velocity(ofJoint: i), noise.jointVelocity, bias: draw.jointVelocityBias[i], drift: n + i)
        }
    }

    /// Writes the observed positions of every observed site (x, y, z each, m) to `buffer`.
    public func writeSiteObservation(to buffer: UnsafeMutablePointer<Float>) {
        let base = 2 * jointCount
        for k in 0..<observedSites.count {
            let p = position(ofSite: k)
            for axis in 0..<3 {
                let index = 3 * k + axis
                buffer[index] = observed(p[axis], noise.endEffector, bias: draw.endEffectorBias[index], drift: base + index)
            }
        }
    }

    /// This episode's randomized values as table rows (see `RandomizationPlan.rows(for:)`).
    public var drawRows: [RandomizationPlan.Row] { plan.rows(for: draw) }
}
