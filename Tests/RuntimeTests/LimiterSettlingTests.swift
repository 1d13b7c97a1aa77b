import Foundation
import SteadyCore
import Testing
@testable import Safety

/// How the safety chain's acceleration/jerk limiter arrives on a target: a constant one without
/// overshoot, a moving one exactly, and either after a disturbance (a skipped deadline) without
/// oscillating. The SO-101's limits (4 rad/s, 40 rad/s², 4000 rad/s³), the arm following its
/// command.
@Suite struct LimiterSettlingTests {
    /// The SO-101 chain, started at rest at 0, interpolating a policy of the given period.
    func chain(policyPeriodSeconds: Double? = nil) throws -> SafetyChain {
        let chain = try SafetyChain(configuration: .fromRobot(so101(), policyPeriodSeconds: policyPeriodSeconds))
        chain.reset(startPose: Array(repeating: 0, count: 6))
        return chain
    }

    /// One run of joint 0 (every joint gets the same target): the commands sent and their
    /// implied velocities, and the ticks on which a limiter flag was raised.
    struct Run {
        var commands: [Double] = []
        var velocities: [Double] = []
        /// The target the limits steered toward (after interpolation).
        var targets: [Double] = []
        var limitedTicks: [Int] = []
    }

    /// Runs the chain on `target(time)` for `ticks` ticks of `periodSeconds`, except where
    /// `periodOf(tick)` says otherwise (a skipped deadline); with `policyEvery` > 1 the target is
    /// sampled every that many ticks and interpolated.
    func run(ticks: Int, periodSeconds: Double, periodOf: (Int) -> Double? = { _ in nil }, policyEvery: Int = 1,
             target: (Double) -> Double) throws -> Run {
        let chain = try chain(policyPeriodSeconds: policyEvery > 1 ? Double(policyEvery) * periodSeconds : nil)
        let inputs = SafetyInputs(jointCount: 6, periodSeconds: periodSeconds)
        var run = Run(), time = 0.0, previous = 0.0
        var goal = Array(repeating: 0.0, count: 6)
        for tick in 0..<ticks {
            let period = periodOf(tick) ?? periodSeconds
            time += period
            inputs.periodSeconds = period
            for joint in 0..<6 { goal[joint] = target(time) }
            for joint in 0..<6 { inputs.presentPositions[joint] = chain.lastSafeCommand[joint] }
            if tick % policyEvery == 0 {
                goal.withUnsafeBufferPointer { _ = chain.apply(policyTarget: $0, inputs: inputs) }
            } else {
                chain.apply(policyTarget: nil, inputs: inputs)
            }
            let sent = chain.lastSafeCommand[0]
            run.targets.append(chain.state.target[0])
            run.commands.append(sent)
            run.velocities.append((sent - previous) / period)
            previous = sent
            let limits: SafetyFlags = [.accelerationLimit, .jerkLimit, .velocityLimit, .positionLimit, .yielded]
            if !chain.flags(joint: 0).intersection(limits).isEmpty { run.limitedTicks.append(tick) }
        }
        return run
    }

    /// Sign changes of `velocities`, ignoring those below 1 nrad/s (rounding at rest).
    func signChanges(_ velocities: [Double]) -> Int {
        var changes = 0, last = 0.0
        for velocity in velocities where abs(velocity) > 1e-9 {
            if last != 0 && (velocity > 0) != (last > 0) { changes += 1 }
            last = velocity
        }
        return changes
    }

    /// A 0.5 Hz sine of 0.4 rad, well inside every limit, starting at rest: the amplitude ramps
    /// in over the first second.
    static func sine(_ time: Double) -> Double {
        let ramp = min(1, time), envelope = ramp * ramp * (3 - 2 * ramp)
        return 0.4 * envelope * sin(Double.pi * time)
    }

    @Test("after one skipped deadline the command settles back onto a smooth target")
    func settlesAfterASkippedDeadline() throws {
        let run = try run(ticks: 3000, periodSeconds: 0.001, periodOf: { $0 == 1000 ? 0.002 : nil }, target: Self.sine)
        var time = 0.0, worst = 0.0
        for tick in 0..<3000 {
            time += tick == 1000 ? 0.002 : 0.001
            if tick >= 2000 { worst = max(worst, abs(run.commands[tick] - Self.sine(time))) }
        }
        #expect(worst < 1e-4, "tracking error \(worst) rad one to two seconds after the disturbance")
        // Settled means on the target by the follower alone: no limit acts any more.
        #expect(run.limitedTicks.allSatisfy { $0 < 2000 }, "limited on ticks \(run.limitedTicks.filter { $0 >= 2000 }.prefix(10))")
    }

    @Test("a step target is reached without overshoot and with at most one reversal",
          arguments: [100.0, 250, 1000], [0.01, -0.1, 0.5, -1.5])
    func stepIsReachedWithoutOvershoot(rateHertz: Double, step: Double) throws {
        let run = try run(ticks: Int(3 * rateHertz), periodSeconds: 1 / rateHertz) { _ in step }
        let overshoot = run.commands.map { ($0 - step) * (step > 0 ? 1 : -1) }.max()!
        #expect(overshoot <= 1e-9, "overshoot \(overshoot) rad")
        #expect(signChanges(run.velocities) <= 1)
        #expect(abs(run.commands.last! - step) < 1e-9 && abs(run.velocities.last!) < 1e-9)
    }

    @Test("a ramp within the velocity limit is followed exactly; one faster is followed at the limit")
    func rampIsFollowedWithinTheVelocityLimit() throws {
        // 2 rad/s from 0.2 s to 0.9 s, then held at 1.4 rad.
        let ramp = { (time: Double) in min(1.4, max(0, 2 * (time - 0.2))) }
        let run = try run(ticks: 3000, periodSeconds: 0.001, target: ramp)
        #expect(run.velocities.allSatisfy { abs($0) <= 4 * (1 + 1e-12) })
        let lag = (500..<890).map { abs(run.commands[$0] - ramp(Double($0 + 1) * 0.001)) }.max()!
        #expect(lag < 1e-6, "\(lag) rad behind the ramp")
        // The target stops dead, which no joint can: it passes the end by its stopping distance
        // (braking at half the limits) and comes back once, without oscillating.
        #expect(run.commands.max()! < 1.4 + 0.3)
        #expect(signChanges(run.velocities) <= 1)
        #expect(abs(run.commands.last! - 1.4) < 1e-9)

        // 10 rad/s: the command runs at the 4 rad/s limit and arrives without overshoot.
        let fast = try self.run(ticks: 2000, periodSeconds: 0.001) { min(1.5, 10 * $0) }
        #expect(fast.velocities.allSatisfy { abs($0) <= 4 * (1 + 1e-12) })
        #expect(fast.velocities.contains { abs($0) > 4 * (1 - 1e-9) })
        #expect(fast.commands.max()! <= 1.5 + 1e-9 && abs(fast.commands.last! - 1.5) < 1e-9)
    }

    @Test("a skipped deadline while speeding up, cruising or braking does not make the arm oscillate",
          arguments: [40, 300, 520])
    func skippedDeadlineDuringAStepDoesNotOscillate(skippedTick: Int) throws {
        for skippedPeriods in [2.0, 3, 5] {
            let run = try run(ticks: 2500, periodSeconds: 0.001,
                              periodOf: { $0 == skippedTick ? 0.001 * skippedPeriods : nil }) { _ in 1.5 }
            let overshoot = run.commands.max()! - 1.5
            #expect(overshoot <= 1e-6, "skip of \(skippedPeriods) periods at tick \(skippedTick): overshoot \(overshoot)")
            #expect(signChanges(run.velocities) <= 1)
            #expect(abs(run.commands.last! - 1.5) < 1e-9)
            #expect(run.limitedTicks.allSatisfy { $0 < 1500 })
        }
    }

    @Test("the corners of a slow policy's interpolated ramps are rounded off, without raising a limit")
    func interpolatedCornersAreRoundedWithoutLimitFlags() throws {
        // A 0.5 Hz sine of 0.57 rad sampled at 25 Hz on a 100 Hz loop: every corner of the
        // ramps changes the velocity by about 0.2 rad/s in one tick.
        let amplitude = 0.3 * 1.9
        let run = try run(ticks: 800, periodSeconds: 0.01, policyEvery: 4) { amplitude * Self.sine($0) / 0.4 }
        let offsets = (200..<800).map { abs(run.commands[$0] - run.targets[$0]) }
        #expect(offsets.max()! < 0.01 && offsets.contains { $0 > 1e-6 }, "largest offset \(offsets.max()!) rad")
        var jerks: [Double] = []
        for tick in 3..<800 {
            let acceleration = { (k: Int) in (run.velocities[k] - run.velocities[k - 1]) / 0.01 }
            jerks.append((acceleration(tick) - acceleration(tick - 1)) / 0.01)
        }
        // Following the ramps exactly would take a jerk of about 2000 rad/s³ at each corner.
        #expect(jerks.map(abs).max()! < 1500, "peak jerk \(jerks.map(abs).max()!)")
        // Once the amplitude has ramped in, every ramp could be followed within the limits.
        #expect(run.limitedTicks.allSatisfy { $0 < 200 }, "limited on ticks \(run.limitedTicks.filter { $0 >= 200 }.prefix(10))")
    }
}
