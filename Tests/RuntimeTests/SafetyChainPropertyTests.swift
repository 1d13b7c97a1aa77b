import Testing
import SteadyCore
@testable import Safety

/// Thousands of seeded random runs of the whole chain: arbitrary policy outputs (NaN, ±∞, 1e30,
/// random walks, alternating extremes) against arbitrary present positions (outside the limits,
/// far from the command, unknown), checked tick by tick against an oracle that recomputes every
/// limit from the configuration and the commands it saw sent.
@Suite struct SafetyChainPropertyTests {
    /// One random configuration and period.
    struct Setup {
        var configuration: SafetyConfiguration
        var periodSeconds: Double
        /// A new policy target every this many ticks (1 without interpolation).
        var policyEvery: Int
    }

    static func randomSetup(_ g: inout SeededGenerator, armFollows: Bool = false) -> Setup {
        let jointCount = Int(g.next() % 6) + 1
        let rates = [1.0, 10, 30, 100, 250, 1000]
        let period = 1 / rates[Int(g.next() % UInt64(rates.count))]
        let joints = (0..<jointCount).map { index -> JointDescription in
            let lower = g.uniform(-3, 0.5)
            let upper = g.nextUnit() < 0.05 ? lower : lower + g.uniform(0.01, 4)
            let acceleration: Double? = armFollows || g.nextUnit() < 0.75 ? g.uniform(1, 200) : nil
            let jerk: Double? = g.nextUnit() < 0.6 ? g.uniform(10, 10_000) : nil
            return testJoint("j\(index)", lower: lower, upper: upper, velocity: g.uniform(0.1, 8), acceleration: acceleration,
                             jerk: jerk, gripper: index == jointCount - 1 && g.nextUnit() < 0.5)
        }
        var configuration = SafetyConfiguration(joints: joints)
        let maxVelocity = configuration.velocityLimitsRadiansPerSecond.max()!
        if g.nextUnit() < 0.5 {
            // When the arm follows, a step at least one tick of travel never binds (capped at
            // SafetyRanges.maxStep's 6.3 rad: no two positions of a joint are farther apart).
            configuration.maxStepRadians = armFollows ? min(maxVelocity * period * g.uniform(1, 3), 6.3) : g.uniform(0.005, 0.5)
        }
        if !armFollows && g.nextUnit() < 0.5 { configuration.gripperCapRadians = g.uniform(0.005, 0.3) }
        switch g.next() % 3 {
        case 0: configuration.smoothing = .none
        case 1: configuration.smoothing = .ema(alpha: g.uniform(0.01, 1))
        default: configuration.smoothing = .lowPass(cutoffHertz: g.uniform(0.2, 60))
        }
        var policyEvery = 1
        if g.nextUnit() < 0.5 {
            policyEvery = Int(g.next() % 30) + 1
            configuration.policyPeriodSeconds = period * Double(policyEvery)
        }
        return Setup(configuration: configuration, periodSeconds: period, policyEvery: policyEvery)
    }

    static func garbage(_ g: inout SeededGenerator) -> Double {
        [Double.nan, .infinity, -.infinity, 1e30, -1e30, .greatestFiniteMagnitude][Int(g.next() % 6)]
    }

    /// A policy output for `joint`, in one of several styles.
    static func target(_ style: UInt64, joint: Int, tick: Int, walk: inout [Double], lower: Double, upper: Double,
                       _ g: inout SeededGenerator) -> Double {
        if g.nextUnit() < 0.02 { return garbage(&g) }
        switch style {
        case 0: return g.uniform(lower - 1, upper + 1)
        case 1:
            walk[joint] += g.gaussian(mean: 0, standardDeviation: 0.1)
            return walk[joint]
        case 2: return (tick / 3) % 2 == 0 ? (g.nextUnit() < 0.5 ? 1e30 : 10) : -10
        default: return g.nextUnit() < 0.1 ? garbage(&g) : g.uniform(lower, upper)
        }
    }

    /// A present position for `joint`, in one of several styles.
    static func present(_ style: UInt64, previous: Double, beforePrevious: Double, lower: Double, upper: Double,
                        _ g: inout SeededGenerator) -> Double {
        if g.nextUnit() < 0.02 { return .nan }
        switch style {
        case 0: return previous + g.gaussian(mean: 0, standardDeviation: 0.01)
        case 1: return g.uniform(lower - 2, upper + 2)
        case 2: return g.nextUnit() < 0.5 ? g.uniform(-50, 50) : (g.nextUnit() < 0.5 ? 1e30 : -1e30)
        default: return beforePrevious
        }
    }

    /// The oracle's own window narrowing: the documented conflict rule.
    struct Window {
        var lower: Double, upper: Double
        /// Narrows to `[l, u]`, or collapses to the nearest point; returns the gap when disjoint.
        mutating func narrow(_ l: Double, _ u: Double) -> Double {
            let newLower = max(lower, l), newUpper = min(upper, u)
            if newLower <= newUpper { lower = newLower; upper = newUpper; return 0 }
            if l > upper { lower = upper; return l - upper }
            upper = lower
            return lower - u
        }
    }

    /// Checks one sent command against every limit; returns a description of the first
    /// violation.
    static func violation(sent p: Double, joint j: Int, configuration c: SafetyConfiguration, period dt: Double,
                          previous p0: Double, velocity v0: Double, acceleration a0: Double, present x: Double,
                          flags: SafetyFlags) -> String? {
        let lower = c.lowerRadians[j], upper = c.upperRadians[j], vmax = c.velocityLimitsRadiansPerSecond[j]
        guard p.isFinite else { return "not finite: \(p)" }
        guard lower <= p && p <= upper else { return "outside position limits [\(lower), \(upper)]: \(p)" }
        guard abs(p - p0) <= vmax * dt + 1e-12 else { return "velocity \((p - p0) / dt) > \(vmax)" }
        guard !flags.contains(.finalClamp) else { return "final guard had to act: \(flags)" }

        // The documented priority: position > velocity > step > gripper cap > acceleration >
        // braking > jerk, each met if the ones before leave room, else as nearly as they allow.
        var window = Window(lower: lower, upper: upper)
        var largestGap = window.narrow(p0 - vmax * dt, p0 + vmax * dt)
        var names: [String] = []
        func check(_ name: String) -> String? {
            let tolerance = 1e-9 * max(1, abs(p))
            names.append(name)
            if p < window.lower - tolerance || p > window.upper + tolerance {
                return "\(p) outside [\(window.lower), \(window.upper)] after \(names)"
            }
            return nil
        }
        if let step = c.maxStepRadians {
            largestGap = max(largestGap, x.isFinite ? window.narrow(x - step, x + step) : window.narrow(p0, p0))
            if let problem = check("max step") { return problem }
        }
        if let cap = c.gripperCapRadians, c.isGripper[j] {
            largestGap = max(largestGap, x.isFinite ? window.narrow(x - cap, x + cap) : window.narrow(p0, p0))
            if let problem = check("gripper cap") { return problem }
        }
        if let amax = c.accelerationLimitsRadiansPerSecond2[j] {
            let decrement = amax * dt * dt, coast = p0 + v0 * dt
            largestGap = max(largestGap, window.narrow(coast - decrement, coast + decrement))
            if let problem = check("acceleration") { return problem }
            // maximumDisplacement is checked against the brute-force stopping sum in
            // LimitStageTests.brakingDistanceIsTheExactDiscreteSum.
            let up = BrakingDistance.maximumDisplacement(distance: upper - p0, decrement: decrement)
            let down = BrakingDistance.maximumDisplacement(distance: p0 - lower, decrement: decrement)
            largestGap = max(largestGap, window.narrow(max(lower, p0 - down), min(upper, p0 + up)))
            if let problem = check("braking") { return problem }
        }
        if let jmax = c.jerkLimitsRadiansPerSecond3[j] {
            let center = p0 + v0 * dt + a0 * dt * dt, halfWidth = jmax * dt * dt * dt
            largestGap = max(largestGap, window.narrow(center - halfWidth, center + halfWidth))
            if let problem = check("jerk") { return problem }
        }
        if largestGap > 1e-9 * max(1, abs(p)) && !flags.contains(.yielded) {
            return "a limit was missed by \(largestGap) but .yielded was not raised"
        }
        return nil
    }

    /// Runs one seeded sequence; records an issue naming the seed on the first violation.
    static func runSequence(seed: UInt64, ticks: Int, armFollows: Bool = false) throws -> Bool {
        var g = SeededGenerator(seed: seed)
        let setup = randomSetup(&g, armFollows: armFollows)
        let c = setup.configuration, n = c.jointCount
        let chain = try SafetyChain(configuration: c)
        let start = (0..<n).map { g.uniform(c.lowerRadians[$0] - 0.5, c.upperRadians[$0] + 0.5) }
        chain.reset(startPose: start)
        let inputs = SafetyInputs(jointCount: n)
        var previous = Array(chain.lastSafeCommand), beforePrevious = previous
        var velocity = Array(repeating: 0.0, count: n), acceleration = velocity
        var walk = previous, targetBuffer = previous
        var targetStyle = g.next() % 4, presentStyle = armFollows ? 0 : g.next() % 4
        for tick in 0..<ticks {
            if g.nextUnit() < 0.02 { targetStyle = g.next() % 4 }
            if !armFollows && g.nextUnit() < 0.02 { presentStyle = g.next() % 4 }
            let skipped = !armFollows && g.nextUnit() < 0.1
            let dt = setup.periodSeconds * (skipped ? Double(g.next() % 3 + 2) : 1)
            inputs.periodSeconds = dt
            for j in 0..<n {
                inputs.presentPositions[j] = armFollows
                    ? previous[j]
                    : present(presentStyle, previous: previous[j], beforePrevious: beforePrevious[j],
                              lower: c.lowerRadians[j], upper: c.upperRadians[j], &g)
                inputs.presentLoads[j] = g.uniform(-1, 1)
                inputs.presentTemperatures[j] = g.uniform(20, 59.9)
            }
            let newTarget = tick % setup.policyEvery == 0 && (armFollows || g.nextUnit() < 0.8)
            if newTarget {
                for j in 0..<n {
                    targetBuffer[j] = target(targetStyle, joint: j, tick: tick, walk: &walk,
                                             lower: c.lowerRadians[j], upper: c.upperRadians[j], &g)
                }
            }
            let (sent, report) = chain.tick(newTarget ? targetBuffer : nil, inputs)
            if newTarget && !targetBuffer.allSatisfy(\.isFinite) && !report.flags.contains(.nanGuard) {
                Issue.record("seed \(seed) tick \(tick): non-finite target \(targetBuffer) not flagged")
                return false
            }
            for j in 0..<n {
                if let problem = violation(sent: sent[j], joint: j, configuration: c, period: dt, previous: previous[j],
                                           velocity: velocity[j], acceleration: acceleration[j],
                                           present: inputs.presentPositions[j], flags: chain.flags(joint: j)) {
                    Issue.record("seed \(seed) tick \(tick) joint \(j): \(problem)")
                    return false
                }
                if armFollows {
                    // Theorem: an arm that follows its command with a steady period never makes
                    // acceleration or braking yield.
                    let a = ((sent[j] - previous[j]) / dt - velocity[j]) / dt
                    let amax = c.accelerationLimitsRadiansPerSecond2[j]!
                    if abs(a) > amax * (1 + 1e-9) + 1e-9 / (dt * dt) {
                        Issue.record("seed \(seed) tick \(tick) joint \(j): acceleration \(a) > \(amax) with the arm following")
                        return false
                    }
                }
                let newVelocity = (sent[j] - previous[j]) / dt
                acceleration[j] = (newVelocity - velocity[j]) / dt
                velocity[j] = newVelocity
            }
            beforePrevious = previous
            previous = sent
        }
        return true
    }

    @Test func everySentCommandObeysEveryLimitOrTheDocumentedConflictRule() throws {
        for seed in UInt64(0)..<3000 {
            guard try Self.runSequence(seed: seed, ticks: 150) else { return }
        }
    }

    @Test func accelerationAndBrakingNeverYieldWhileTheArmFollows() throws {
        for seed in UInt64(10_000)..<11_000 {
            guard try Self.runSequence(seed: seed, ticks: 200, armFollows: true) else { return }
        }
    }

    @Test func temperatureDeratesTheVelocityLimitAtTheAccelerationRate() throws {
        for seed in UInt64(20_000)..<20_300 {
            var g = SeededGenerator(seed: seed)
            let hasAcceleration = g.nextUnit() < 0.7
            let joint = testJoint(lower: -2, upper: 2, velocity: g.uniform(0.5, 5), acceleration: hasAcceleration ? g.uniform(5, 100) : nil)
            let chain = try SafetyChain(configuration: SafetyConfiguration(joints: [joint]))
            chain.reset(startPose: [0])
            let dt = 0.01, inputs = SafetyInputs(jointCount: 1, periodSeconds: dt)
            var celsius = g.uniform(40, 75), effective = joint.velocityLimitRadiansPerSecond, scale = 1.0
            var previous = 0.0
            for tick in 0..<400 {
                celsius = min(85, max(30, celsius + g.gaussian(mean: 0, standardDeviation: 0.5)))
                let reading = g.nextUnit() < 0.05 ? Double.nan : celsius
                inputs.presentTemperatures[0] = reading
                inputs.presentPositions[0] = previous
                let target = (tick / 40) % 2 == 0 ? 2.0 : -2.0
                let (sent, report) = chain.tick([target], inputs)
                if reading.isFinite { scale = TemperatureThresholds.standard.velocityScale(atCelsius: reading) }
                let vmax = joint.velocityLimitRadiansPerSecond
                effective = min(vmax, max(vmax * scale, effective - (joint.accelerationLimitRadiansPerSecond2 ?? .infinity) * dt))
                let speed = abs(sent[0] - previous) / dt
                let stopRequested = report.events.contains(.temperatureStop(joint: 0, celsius: reading))
                if speed > effective * (1 + 1e-12) || stopRequested != (reading >= 70) {
                    Issue.record("seed \(seed) tick \(tick): speed \(speed) > \(effective) at \(reading) °C, stop \(stopRequested)")
                    return
                }
                previous = sent[0]
            }
        }
    }
}
