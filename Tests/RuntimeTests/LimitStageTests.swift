import Testing
import SteadyCore
@testable import Safety

/// The stages that bound the command: velocity, max step, gripper cap, acceleration/jerk/braking
/// and the final guard, each alone against hand-computed values.
@Suite struct LimitStageTests {
    private func velocityLimiter(acceleration: Double? = nil) -> VelocityLimiter {
        VelocityLimiter(lowerRadians: [-1], upperRadians: [1], velocityLimitsRadiansPerSecond: [1],
                        accelerationLimitsRadiansPerSecond2: [acceleration])
    }

    @Test func velocityLimitOf1RadPerSecondAt100HzTurnsAHalfRadianJumpInto10Millirad() {
        let limiter = velocityLimiter()
        let state = SafetyState(at: [0])
        let inputs = SafetyInputs(positions: [0], periodSeconds: 0.01)
        let (out, flags) = limiter.run([0.5], inputs, state)
        #expect(out == [0.01] && flags == .velocityLimit)
        #expect(state.envelopeLower[0] == -0.01 && state.envelopeUpper[0] == 0.01)
        #expect(limiter.run([-0.004], inputs, state) == ([-0.004], []))
    }

    @Test func velocityLimiterClampsToPositionLimitsFirst() {
        let limiter = velocityLimiter()
        let state = SafetyState(at: [0.995])
        let (out, flags) = limiter.run([2], SafetyInputs(positions: [0.995], periodSeconds: 0.01), state)
        #expect(out == [1] && flags == .positionLimit)
    }

    @Test func temperatureDeratingIsAppliedNoFasterThanTheJointCanDecelerate() {
        let inputs = SafetyInputs(positions: [0], periodSeconds: 0.01)
        let instant = velocityLimiter()
        let state = SafetyState(at: [0])
        state.velocityScale[0] = 0.5
        #expect(close(instant.run([0.5], inputs, state).command[0], 0.005))
        // With 10 rad/s², the limit falls by 0.1 rad/s per tick: 0.9, 0.8, …, floor 0.5.
        let gradual = velocityLimiter(acceleration: 10)
        let limits = (0..<6).map { _ -> Double in
            _ = gradual.run([0], inputs, state)
            return gradual.effectiveVelocityLimit(joint: 0)
        }
        #expect(close(limits, [0.9, 0.8, 0.7, 0.6, 0.5, 0.5], 1e-12), "\(limits)")
    }

    @Test func maxStepClampsToPresentPlusMinusStep() {
        let limiter = MaxStepLimiter(jointCount: 2, maxStepRadians: 0.05)
        let state = SafetyState(at: [0, 0])
        let inputs = SafetyInputs(positions: [0.2, -0.1])
        let (out, flags) = limiter.run([0.5, -0.12], inputs, state)
        #expect(close(out, [0.25, -0.12]) && flags == .maxStep)
        #expect(state.jointFlags[0] == .maxStep && state.jointFlags[1].isEmpty)
    }

    @Test func maxStepYieldsToPositionAndVelocityWhenThePresentIsOutOfReach() {
        // Previous command 0.9, velocity window ±0.01, present reads 1.5 (outside [−1, 1]):
        // no allowed command is within 0.05 of it, so the command goes as near as allowed.
        let velocity = velocityLimiter()
        let step = MaxStepLimiter(jointCount: 1, maxStepRadians: 0.05)
        let state = SafetyState(at: [0.9])
        let inputs = SafetyInputs(positions: [1.5], periodSeconds: 0.01)
        let afterVelocity = velocity.run([0.2], inputs, state).command
        let (out, flags) = step.run(afterVelocity, inputs, state)
        #expect(close(out[0], 0.91) && flags == [.maxStep, .yielded])
        // An unknown present position holds the last command.
        inputs.set(positions: [.nan])
        state.beginTick()
        _ = velocity.run([0.2], inputs, state)
        #expect(step.run([0.905], inputs, state).command == [0.9])
    }

    @Test func gripperCapClampsOnlyTheGripper() {
        let cap = GripperEffortCap(isGripper: [false, true], capRadians: 0.1)
        let state = SafetyState(at: [0, 0.3])
        let (out, flags) = cap.run([1, -0.5], SafetyInputs(positions: [0, 0.3]), state)
        #expect(close(out, [1, 0.2]) && flags == .gripperCap)
        #expect(state.jointFlags[0].isEmpty && state.jointFlags[1] == .gripperCap)
    }

    private func accelerationJerk(acceleration: Double?, jerk: Double?, lower: Double = -10, upper: Double = 10)
        -> AccelerationJerkLimiter {
        AccelerationJerkLimiter(lowerRadians: [lower], upperRadians: [upper], velocityLimitsRadiansPerSecond: [10],
                                accelerationLimitsRadiansPerSecond2: [acceleration], jerkLimitsRadiansPerSecond3: [jerk])
    }

    /// Runs `limiter` from rest at 0 toward `target` for `ticks` ticks, committing each command.
    private func ramp(_ limiter: AccelerationJerkLimiter, to target: Double, ticks: Int) -> [Double] {
        let state = SafetyState(at: [0])
        limiter.reset([0], state)
        let inputs = SafetyInputs(positions: [0], periodSeconds: 0.01)
        return (0..<ticks).map { _ in
            state.beginTick()
            state.target[0] = target
            let out = limiter.run([target], inputs, state).command
            state.commit(out, periodSeconds: 0.01)
            return out[0]
        }
    }

    @Test func accelerationLimitGrowsTheStepByAccelerationTimesPeriodSquared() {
        // 10 rad/s² at 100 Hz, far from the target: each step is 1 mrad longer than the last.
        let positions = ramp(accelerationJerk(acceleration: 10, jerk: nil), to: 1, ticks: 4)
        #expect(close(positions, [0.001, 0.003, 0.006, 0.010]), "\(positions)")
    }

    @Test func jerkLimitBoundsTheChangeOfAccelerationAllTheWayToTheTarget() {
        // 100 rad/s³ at 100 Hz: the acceleration changes by at most 1 rad/s² per tick, and the
        // joint arrives on the target without passing it.
        let positions = ramp(accelerationJerk(acceleration: nil, jerk: 100), to: 0.5, ticks: 600)
        var previous = 0.0, velocity = 0.0, acceleration = 0.0
        for (tick, position) in positions.enumerated() {
            let newVelocity = (position - previous) / 0.01, newAcceleration = (newVelocity - velocity) / 0.01
            #expect(abs(newAcceleration - acceleration) <= 1 + 1e-9, "tick \(tick): jerk \((newAcceleration - acceleration) / 0.01)")
            #expect(position <= 0.5 + 1e-12, "tick \(tick): \(position) passed the target")
            previous = position
            velocity = newVelocity
            acceleration = newAcceleration
        }
        #expect(abs(positions.last! - 0.5) < 1e-6, "\(positions.last!)")
    }

    @Test func brakingStopsAtThePositionLimitWithoutExceedingTheAcceleration() {
        // Accelerating at 10 rad/s² toward a limit 0.05 rad away, on a target beyond it.
        let limiter = accelerationJerk(acceleration: 10, jerk: nil, upper: 0.05)
        let positions = ramp(limiter, to: 1, ticks: 40)
        var velocity = 0.0, previous = 0.0
        for position in positions {
            let newVelocity = (position - previous) / 0.01
            #expect(abs(newVelocity - velocity) / 0.01 <= 10 + 1e-9)
            #expect(position <= 0.05)
            velocity = newVelocity
            previous = position
        }
        #expect(positions.last == 0.05 && velocity == 0)
        // Without braking the saturating limiter would have reached 0.055 at tick 10 and had
        // to stop dead; with it, it is already slowing down by then.
        #expect(positions[9] < 0.05)
    }

    @Test func brakingDistanceIsTheExactDiscreteSum() {
        // 6 mrad with 1 mrad/tick of braking: 3 + 2 + 1 = 6, so 3 mrad is the largest step.
        #expect(close(BrakingDistance.maximumDisplacement(distance: 0.006, decrement: 0.001), 0.003, 1e-15))
        #expect(BrakingDistance.maximumDisplacement(distance: 0.0004, decrement: 0.001) == 0.0004)
        #expect(BrakingDistance.maximumDisplacement(distance: -1, decrement: 0.001) == 0)
        var generator = SeededGenerator(seed: 11)
        for _ in 0..<2000 {
            let decrement = generator.uniform(1e-6, 1), distance = generator.uniform(0, 5)
            let displacement = BrakingDistance.maximumDisplacement(distance: distance, decrement: decrement)
            // stoppingDistance against a brute-force sum, and the inverse hits it exactly.
            var sum = displacement, next = displacement - decrement, terms = 0
            while next > 0 && terms < 100_000 { sum += next; next -= decrement; terms += 1 }
            if terms < 100_000 {
                #expect(close(BrakingDistance.stoppingDistance(displacement: displacement, decrement: decrement), sum, 1e-9))
            }
            let stopping = BrakingDistance.stoppingDistance(displacement: displacement, decrement: decrement)
            #expect(stopping <= distance * (1 + 1e-12) && stopping >= distance * (1 - 1e-9),
                    "distance \(distance) decrement \(decrement) → \(displacement) stops in \(stopping)")
        }
    }

    @Test func finalGuardOnlyActsOnDefects() {
        let guardStage = FinalGuard(lowerRadians: [-1, -1], upperRadians: [1, 1], velocityLimitsRadiansPerSecond: [1, 1])
        let state = SafetyState(at: [0.5, 0.995])
        let inputs = SafetyInputs(positions: [0, 0], periodSeconds: 0.01)
        #expect(guardStage.run([0.505, 0.99], inputs, state) == ([0.505, 0.99], []))
        let (out, flags) = guardStage.run([.nan, 1.2], inputs, state)
        #expect(out == [0.5, 1] && flags == .finalClamp)
        #expect(close(guardStage.run([0.6, 0.9], inputs, state).command, [0.51, 0.985]))
    }
}


