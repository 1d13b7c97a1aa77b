import Foundation
import SteadyCore
import Testing
@testable import Runtime

/// How the safety chain's acceleration/jerk limiter behaves around a smooth target after a
/// disturbance the loop cannot always avoid (one skipped deadline). Found while measuring the
/// runtime; recorded here for the safety chain's owner.
@Suite struct LimiterSettlingTests {
    /// Follows a 0.5 Hz sine well inside every limit at 1 kHz, with one 2 ms period at 1 s;
    /// returns the largest |command − target| over the last second of a 3 s run.
    func trackingErrorAfterOneSkippedDeadline() throws -> Double {
        let robot = so101()
        let chain = try SafetyChain(robot: robot)
        let inputs = SafetyInputs(jointCount: 6, periodSeconds: 0.001)
        chain.reset(startPose: Array(repeating: 0, count: 6))
        var target = Array(repeating: 0.0, count: 6)
        var worst = 0.0
        var time = 0.0
        for tick in 0..<3000 {
            let period = tick == 1000 ? 0.002 : 0.001
            time += period
            inputs.periodSeconds = period
            // Starts at rest: the amplitude ramps in over the first second.
            let ramp = min(1, time), envelope = ramp * ramp * (3 - 2 * ramp)
            for joint in 0..<6 { target[joint] = 0.4 * envelope * sin(Double.pi * time) }
            for joint in 0..<6 { inputs.presentPositions[joint] = chain.lastSafeCommand[joint] }
            target.withUnsafeBufferPointer { _ = chain.apply(policyTarget: $0, inputs: inputs) }
            if tick >= 2000 {
                for joint in 0..<6 { worst = max(worst, abs(chain.lastSafeCommand[joint] - target[joint])) }
            }
        }
        return worst
    }

    @Test("after one skipped deadline the command settles back onto a smooth target")
    func settlesAfterASkippedDeadline() throws {
        let worst = try trackingErrorAfterOneSkippedDeadline()
        withKnownIssue("""
            AccelerationJerkLimiter clamps each command greedily into its acceleration and jerk \
            windows; after a disturbance it overshoots the moving target and keeps oscillating \
            about it (a bang-bang loop on a triple integrator) instead of settling. In steady run \
            this shows as limiters active on most ticks after the first failed or skipped tick.
            """) {
            #expect(worst < 1e-4, "tracking error \(worst) rad one to two seconds after the disturbance")
        }
    }
}
