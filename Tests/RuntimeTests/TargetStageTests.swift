import Testing
@testable import Safety

/// The stages that shape the target: NaN guard, position clamp, interpolation, smoothing.
@Suite struct TargetStageTests {
    @Test func nanGuardHoldsTheLastSafeCommandForEveryJoint() {
        let state = SafetyState(at: [0.1, -0.2, 0.3])
        state.commit([0.15, -0.25, 0.35], periodSeconds: 0.01)
        let inputs = SafetyInputs(positions: [0, 0, 0])
        let nanGuard = NonFiniteGuard()
        for bad in [Double.nan, .infinity, -.infinity] {
            state.beginTick()
            let (held, flags) = nanGuard.run([0.5, bad, 0.7], inputs, state)
            #expect(held == [0.15, -0.25, 0.35])
            #expect(flags == .nanGuard)
            #expect((0..<3).allSatisfy { state.jointFlags[$0] == .nanGuard })
        }
        state.beginTick()
        let (passed, flags) = nanGuard.run([0.5, 1e30, -0.7], inputs, state)
        #expect(passed == [0.5, 1e30, -0.7])
        #expect(flags.isEmpty && state.jointFlags[0].isEmpty)
    }

    @Test func positionLimiterClampsOnlyTheJointsOutside() {
        let limiter = PositionLimiter(lowerRadians: [-1, 0], upperRadians: [1, 0.5])
        let state = SafetyState(at: [0, 0])
        let inputs = SafetyInputs(positions: [0, 0])
        let (clamped, flags) = limiter.run([1e30, 0.25], inputs, state)
        #expect(clamped == [1, 0.25])
        #expect(flags == .positionLimit)
        #expect(state.jointFlags[0] == .positionLimit && state.jointFlags[1].isEmpty)
        #expect(limiter.run([-3, -0.1], inputs, state).command == [-1, 0])
    }

    @Test func interpolationAt10HzPolicyAnd100HzLoopGivesLinearRamps() {
        let interpolator = TargetInterpolator(jointCount: 2, policyPeriodSeconds: 0.1)
        let state = SafetyState(at: [0, 1])
        interpolator.reset([0, 1], state)
        let inputs = SafetyInputs(positions: [0, 1], periodSeconds: 0.01)
        var goal = [1.0, 0.0]
        for k in 1...15 {
            state.hasNewTarget = k == 1
            let (out, flags) = interpolator.run(goal, inputs, state)
            let f = Double(min(k, 10)) / 10
            #expect(close(out, [f, 1 - f]), "tick \(k): \(out)")
            #expect(flags == (k < 10 ? .interpolation : []), "tick \(k)")
        }
        // A second target ramps from the first, and one that comes early (mid-ramp) ramps from
        // where the command is, without a jump.
        goal = [0.5, 0.5]
        for k in 1...4 {
            state.hasNewTarget = k == 1
            let out = interpolator.run(goal, inputs, state).command
            #expect(close(out, [1 - 0.05 * Double(k), 0.05 * Double(k)]), "tick \(k): \(out)")
        }
        state.hasNewTarget = true
        let early = interpolator.run([0.8, 0.8], inputs, state).command
        // From [0.8, 0.2] toward [0.8, 0.8], one tenth of the way.
        let expectedEarly: [Double] = [0.8, 0.26]
        #expect(close(early, expectedEarly), "\(early)")
    }

    @Test func emaFollowsItsRecurrence() {
        let smoother = TargetSmoother(jointCount: 1, smoothing: .ema(alpha: 0.25))
        let state = SafetyState(at: [0])
        smoother.reset([0], state)
        let inputs = SafetyInputs(positions: [0])
        let outputs = (0..<3).map { _ in smoother.run([1], inputs, state).command[0] }
        #expect(outputs == [0.25, 0.4375, 0.578125])
        #expect(smoother.run([1], inputs, state).flags == .smoothing)
    }

    @Test func butterworthCoefficientsMatchScipy() {
        // scipy.signal.butter(2, 0.1) and butter(2, 0.2): 5 Hz at 100 Hz, 3 Hz at 30 Hz.
        let c = BiquadCoefficients.butterworthLowPass(cutoffHertz: 5, periodSeconds: 0.01)
        #expect(close(c.b0, 0.02008337, 1e-8) && close(c.b1, 0.04016673, 1e-8) && close(c.b2, 0.02008337, 1e-8))
        #expect(close(c.a1, -1.56101808, 1e-8) && close(c.a2, 0.64135154, 1e-8))
        let d = BiquadCoefficients.butterworthLowPass(cutoffHertz: 3, periodSeconds: 1.0 / 30)
        #expect(close(d.b0, 0.06745527, 1e-8) && close(d.a1, -1.1429805, 1e-7) && close(d.a2, 0.4128016, 1e-7))
    }

    @Test func butterworthStepResponseMatchesScipyAndSettles() {
        let smoother = TargetSmoother(jointCount: 1, smoothing: .lowPass(cutoffHertz: 5))
        let state = SafetyState(at: [0])
        smoother.reset([0], state)
        let inputs = SafetyInputs(positions: [0], periodSeconds: 0.01)
        let response = (0..<200).map { _ in smoother.run([1], inputs, state).command[0] }
        // scipy.signal.lfilter(*butter(2, 0.1), ones(200)): first samples, peak 1.0444 at index 14.
        #expect(close(Array(response[0..<4]), [0.02008337, 0.09160059, 0.21044315, 0.35009084], 1e-7))
        let peak = response.max()!
        #expect(close(peak, 1.0444469743, 1e-8) && response.firstIndex(of: peak) == 14)
        #expect(close(response[199], 1, 1e-9))
    }

    @Test func smoothersStartAtRestAtTheResetPose() {
        for smoothing in [SafetyConfiguration.Smoothing.ema(alpha: 0.1), .lowPass(cutoffHertz: 2)] {
            let smoother = TargetSmoother(jointCount: 1, smoothing: smoothing)
            let state = SafetyState(at: [0.7])
            smoother.reset([0.7], state)
            let (out, flags) = smoother.run([0.7], SafetyInputs(positions: [0.7]), state)
            #expect(close(out[0], 0.7, 1e-15) && flags.isEmpty, "\(smoothing)")
        }
    }
}
