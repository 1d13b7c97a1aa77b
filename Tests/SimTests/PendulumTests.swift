import Foundation
import MuJoCo
import Testing
@testable import Sim

/// One row of gymnasium's reference run (see Data/README.md).
private struct ReferenceStep {
    var t: Int
    var actionF32: Float
    var thetaBefore, thetaDotBefore, reward: Double
    var observation: [Float]
    var thetaAfter, thetaDotAfter: Double
    var truncated: Bool
}

private func loadReference() throws -> (initial: Pendulum.State, initialObservation: [Float], steps: [ReferenceStep]) {
    let text = try String(contentsOf: Fixtures.pendulumCSV, encoding: .utf8)
    var lines = text.split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    let header = lines.removeFirst()
    func column(_ name: String) -> Int { header.firstIndex(of: name)! }
    let (cA, cThB, cThdB, cR) = (column("a_f32"), column("th_before"), column("thdot_before"), column("reward"))
    let (cCos, cSin, cObsThd) = (column("obs_cos"), column("obs_sin"), column("obs_thdot"))
    let (cThA, cThdA, cTrunc) = (column("th_after"), column("thdot_after"), column("truncated"))
    let reset = lines.removeFirst()
    let initial = Pendulum.State(angleRadians: Double(reset[cThA])!, angularVelocityRadiansPerSecond: Double(reset[cThdA])!)
    let initialObservation = [Float(reset[cCos])!, Float(reset[cSin])!, Float(reset[cObsThd])!]
    let steps = lines.map { r in
        ReferenceStep(t: Int(r[0])!, actionF32: Float(r[cA])!, thetaBefore: Double(r[cThB])!,
                      thetaDotBefore: Double(r[cThdB])!, reward: Double(r[cR])!,
                      observation: [Float(r[cCos])!, Float(r[cSin])!, Float(r[cObsThd])!],
                      thetaAfter: Double(r[cThA])!, thetaDotAfter: Double(r[cThdA])!, truncated: r[cTrunc] == "1")
    }
    return (initial, initialObservation, steps)
}

/// gymnasium's equations written out plainly in Float64 (no Float32 torque), independently of
/// `Pendulum`: used to check the implementation without the reference file.
private func plainTransition(theta: Double, thetaDot: Double, torque: Double) -> (Double, Double, Double) {
    let u = min(max(torque, -2), 2)
    let wrapped = theta - 2 * Double.pi * ((theta + Double.pi) / (2 * Double.pi)).rounded(.down)
    let cost = wrapped * wrapped + 0.1 * thetaDot * thetaDot + 0.001 * u * u
    let newThetaDot = min(max(thetaDot + (3 * 10 / 2 * sin(theta) + 3 * u) * 0.05, -8), 8)
    return (theta + newThetaDot * 0.05, newThetaDot, -cost)
}

@Suite struct PendulumTests {
    @Test func matchesGymnasiumReferenceBitwise() throws {
        let reference = try loadReference()
        #expect(reference.steps.count == 200)
        let env = Pendulum()
        let first = env.reset(to: reference.initial)
        #expect(first == reference.initialObservation)
        var episodeReturn = 0.0
        var worstState = 0.0, worstReward = 0.0
        for row in reference.steps {
            #expect(env.state.angleRadians == row.thetaBefore && env.state.angularVelocityRadiansPerSecond == row.thetaDotBefore)
            // The policy's normalized action is a/2: exact in Float32, so u is gymnasium's a.
            let result = try env.step([row.actionF32 / 2])
            worstState = max(worstState, abs(env.state.angleRadians - row.thetaAfter),
                             abs(env.state.angularVelocityRadiansPerSecond - row.thetaDotAfter))
            worstReward = max(worstReward, abs(result.reward - row.reward))
            #expect(result.observation == row.observation, "observation at t=\(row.t)")
            #expect(result.truncated == row.truncated, "truncation at t=\(row.t)")
            #expect(!result.terminated)
            episodeReturn += result.reward
        }
        #expect(worstState == 0, "largest state difference \(worstState)")
        #expect(worstReward == 0, "largest reward difference \(worstReward)")
        #expect(abs(episodeReturn - -1196.4401552631964) < 1e-9)
    }

    @Test(arguments: [
        (0.3, -0.2, [Float](repeating: 0.7, count: 12)),
        (-2.9, 0.9, [Float](repeating: -1, count: 12)),
        (7.0, 7.9, [Float](repeating: 1, count: 12)),          // wraps the angle, hits the speed limit
        (-7.5, -7.95, [1.5, -3, 0.25, -0.25, 1, -1, 0, 0.5]),  // actions outside [-1, 1] are clipped
        (Double.pi, 0, [0, 0, 0, 0.1, -0.1, 0.2]),
    ])
    func matchesIndependentRecomputation(theta: Double, thetaDot: Double, actions: [Float]) throws {
        let env = Pendulum()
        env.reset(to: .init(angleRadians: theta, angularVelocityRadiansPerSecond: thetaDot))
        var (th, thd) = (theta, thetaDot)
        for a in actions {
            let result = try env.step([a])
            let expected = plainTransition(theta: th, thetaDot: thd, torque: 2 * Double(a))
            (th, thd) = (expected.0, expected.1)
            #expect(abs(env.state.angleRadians - th) < 1e-6)
            #expect(abs(env.state.angularVelocityRadiansPerSecond - thd) < 1e-6)
            #expect(abs(result.reward - expected.2) < 1e-6)
            #expect(abs(result.observation[0] - Float(cos(th))) < 1e-6)
            #expect(abs(result.observation[1] - Float(sin(th))) < 1e-6)
            #expect(abs(result.observation[2] - Float(thd)) < 1e-5)
            #expect(abs(env.state.angularVelocityRadiansPerSecond) <= 8)
        }
    }

    @Test func angleNormalizationMatchesNumPyRemainder() {
        #expect(Pendulum.normalizeAngle(0) == 0)
        #expect(Pendulum.normalizeAngle(Double.pi) == -Double.pi)       // [-π, π): π maps to -π
        #expect(abs(Pendulum.normalizeAngle(3 * Double.pi / 2) - -Double.pi / 2) < 1e-15)
        #expect(abs(Pendulum.normalizeAngle(-7) - (-7 + 2 * Double.pi)) < 1e-15)
        #expect(abs(Pendulum.normalizeAngle(20) - (20 - 6 * Double.pi)) < 1e-14)
    }

    @Test func sameSeedSameEpisodeDifferentSeedDifferentEpisode() throws {
        func rollout(_ seed: UInt64) throws -> [[Float]] {
            let env = Pendulum()
            var observations = [try env.reset(seed: seed)]
            for t in 0..<50 { observations.append(try env.step([Float(sin(0.3 * Double(t)))]).observation) }
            return observations
        }
        #expect(try rollout(42) == rollout(42))
        #expect(try rollout(42) != rollout(43))
        // Without a seed, reset continues the generator: a new initial state each episode.
        let env = Pendulum(seed: 9)
        let a = try env.reset(seed: nil), b = try env.reset(seed: nil)
        #expect(a != b)
        #expect(try env.reset(seed: 9) == a)
    }

    @Test func resetDrawsFromGymnasiumsInitialRanges() throws {
        let env = Pendulum(seed: 1)
        for _ in 0..<1000 {
            _ = try env.reset(seed: nil)
            #expect(abs(env.state.angleRadians) <= Double.pi)
            #expect(abs(env.state.angularVelocityRadiansPerSecond) <= 1)
            #expect(env.elapsedSteps == 0)
        }
    }

    @Test func truncatesAfter200StepsAndRejectsNonFiniteActions() throws {
        let env = Pendulum()
        _ = try env.reset(seed: 3)
        for step in 1...200 {
            let result = try env.step([0])
            #expect(result.truncated == (step == 200))
        }
        #expect(throws: SimError.invalidAction(environment: "pendulum", action: [.infinity])) {
            try env.step([.infinity])
        }
        #expect(env.rawActionSpace.unscale([1]) == [2] && env.actionSpace.lower == [-1])
    }
}
