import Foundation
import MuJoCo
import SteadyCore
import Testing
@testable import Sim

@Suite struct TaskSimulationTests {
    /// An so101 reach task with the given randomization file text, starting exactly at home.
    func task(_ yaml: String, options: TaskOptions = TaskOptions(initialJointNoiseRadians: 0)) throws -> ReachTask {
        let configuration = try RandomizationConfiguration.parse(YAMLValue.parse(yaml, file: "test.yaml"))
        let (robot, model) = try TaskFixtures.load("so101")
        return try ReachTask(name: "so101:reach", robot: robot, model: model, randomization: configuration,
                             options: options, seed: 1)
    }

    func action(_ task: ReachTask, radians: [Double]) -> [Float] {
        radians.indices.map { Float(task.simulation.normalizedAction(radians: radians[$0], joint: $0)) }
    }

    /// Steps the simulation with absolute normalized joint targets (these tests are about the
    /// simulation between a policy and the servos, not the reach task's delta actions) and
    /// returns the task's observation after.
    @discardableResult
    func advance(_ task: ReachTask, _ action: [Float]) throws -> [Float] {
        try task.simulation.advance(action, environment: task.name)
        return task.observation()
    }

    func standardDeviation(_ values: [Double]) -> (mean: Double, std: Double) {
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)
        return (mean, variance.squareRoot())
    }

    @Test func actionsArriveAfterTheDrawnDelay() throws {
        let task = try task("episode: {action_delay: {value: {uniform: [2, 2]}}}")
        _ = try task.reset(seed: 1)
        #expect(task.simulation.draw.actionDelayTicks == 2)
        let home = task.simulation.data.ctrl
        let targets: [[Double]] = [[0.3, 0, 0, 0, 0, 0], [0.6, 0, 0, 0, 0, 0], [0.9, 0, 0, 0, 0, 0], [1.2, 0, 0, 0, 0, 0]]
        var seen: [Double] = []
        for target in targets {
            try advance(task, action(task, radians: target))
            seen.append(task.simulation.data.ctrl[0])
        }
        #expect(abs(seen[0] - home[0]) < 1e-6 && abs(seen[1] - home[0]) < 1e-6)
        #expect(abs(seen[2] - 0.3) < 1e-6 && abs(seen[3] - 0.6) < 1e-6)
    }

    @Test func observedSitesAreWhereTheObservedJointsPutThemAfterAStep() throws {
        // mj_step leaves the sites one substep behind the joints unless the kinematics is redone.
        let task = try task("{}")
        _ = try task.reset(seed: 2)
        let check = SimData(model: task.simulation.nominalModel)
        for _ in 0..<5 {
            try advance(task, [0.8, -0.6, 0.7, -0.5, 0.9, 0.2])
            let joints = (0..<6).map { task.simulation.position(ofJoint: $0) }
            check.reset()
            for (i, address) in task.simulation.qposAddresses.enumerated() { check.qposPointer[address] = joints[i] }
            check.kinematics()
            let site = task.simulation.siteIndices[0], p = check.sitePositionPointer + 3 * site
            let offset = task.simulation.position(ofSite: 0) - SIMD3(p[0], p[1], p[2])
            #expect((offset * offset).sum().squareRoot() < 1e-12, "the end effector lags its joints by \(offset)")
        }
    }

    @Test func backlashIsADeadBandTheCommandMustLeave() throws {
        let task = try task("episode: {backlash: {value: {uniform: [0.1, 0.1]}}}")
        _ = try task.reset(seed: 1)
        #expect(task.simulation.draw.backlashRadians == Array(repeating: 0.1, count: 6))
        let expected: [(command: Double, servo: Double)] = [(0.04, 0), (0.08, 0.03), (0.06, 0.03), (-0.05, 0), (0.02, 0)]
        for (command, servo) in expected {
            try advance(task, action(task, radians: [command, 0, 0, 0, 0, 0]))
            #expect(abs(task.simulation.data.ctrl[0] - servo) < 1e-6, "command \(command) → servo \(task.simulation.data.ctrl[0])")
        }
    }

    @Test func observationNoiseHasItsWhiteSpreadAndAPerEpisodeBias() throws {
        let task = try task("step: {observation_noise: {joint_position: {white: 0.01, bias: 0.02}}}")
        var biases: [Double] = []
        for episode in 0..<3 {
            _ = try task.reset(seed: episode == 0 ? 7 : nil)
            var errors: [Double] = []
            for _ in 0..<1500 {
                let observation = try advance(task, Array(repeating: 0, count: 6))
                errors.append(Double(observation[1]) - task.simulation.position(ofJoint: 1))
            }
            let (mean, std) = standardDeviation(errors)
            let drawn = task.simulation.draw.jointPositionBias[1]
            #expect(abs(std - 0.01) < 0.001, "white σ \(std)")
            #expect(abs(mean - drawn) < 4 * 0.01 / 1500.0.squareRoot(), "mean \(mean) vs bias \(drawn)")
            biases.append(drawn)
        }
        #expect(Set(biases).count == 3 && biases.allSatisfy { abs($0) < 0.1 })
    }

    @Test func driftIsAnOrnsteinUhlenbeckProcess() throws {
        let task = try task("step: {observation_noise: {joint_velocity: {ou: {std: 0.05, time_constant: 0.2}}}}")
        _ = try task.reset(seed: 3)
        var errors: [Double] = []
        for _ in 0..<6000 {
            let observation = try advance(task, Array(repeating: 0, count: 6))
            errors.append(Double(observation[6 + 2]) - task.simulation.velocity(ofJoint: 2))
        }
        let (mean, std) = standardDeviation(errors)
        let lagged = zip(errors.dropLast(), errors.dropFirst()).map { ($0 - mean) * ($1 - mean) }.reduce(0, +)
        let autocorrelation = lagged / Double(errors.count - 1) / (std * std)
        #expect(abs(std - 0.05) < 0.01, "stationary σ \(std)")
        #expect(abs(autocorrelation - exp(-0.02 / 0.2)) < 0.03, "lag-1 autocorrelation \(autocorrelation)")
    }

    @Test func actionNoiseIsAddedInNormalizedUnits() throws {
        let task = try task("step: {action_noise: {white: 0.1}}")
        _ = try task.reset(seed: 2)
        let middle = 0.5 * (task.simulation.lowerLimits[3] + task.simulation.upperLimits[3])
        let halfRange = 0.5 * (task.simulation.upperLimits[3] - task.simulation.lowerLimits[3])
        var offsets: [Double] = []
        for _ in 0..<2000 {
            try advance(task, Array(repeating: 0, count: 6))
            offsets.append((task.simulation.data.ctrl[3] - middle) / halfRange)
        }
        let (mean, std) = standardDeviation(offsets)
        #expect(abs(mean) < 0.01 && abs(std - 0.1) < 0.01, "mean \(mean) σ \(std)")
    }

    @Test func controlJitterVariesSubstepsAndTimestep() throws {
        let task = try task("step: {control_jitter: {substeps: 2, timestep_scale: {uniform: [0.9, 1.1]}}}")
        _ = try task.reset(seed: 4)
        var counts = Set<Int>()
        for _ in 0..<300 {
            let before = task.simulation.data.time
            try advance(task, Array(repeating: 0, count: 6))
            let steps = task.simulation.lastSubsteps, dt = task.simulation.model.timestepSeconds
            counts.insert(steps)
            #expect(dt >= 0.0018 - 1e-12 && dt <= 0.0022 + 1e-12)
            #expect(abs(task.simulation.data.time - before - Double(steps) * dt) < 1e-9)
        }
        #expect(counts == Set(8...12))
        _ = try task.reset(seed: nil)
        #expect(task.simulation.model.timestepSeconds == 0.002)
    }

    @Test func aDivergingSimulationThrowsAndNeedsAReset() throws {
        // Near-massless links without rotor inertia: a saturated servo accelerates them past
        // MuJoCo's limits within a step.
        let task = try task("""
            episode:
              link_mass: {scale: {log_uniform: [1.0e-9, 1.0e-9]}}
              armature: {value: {uniform: [0, 0]}}
              joint_damping: {value: {uniform: [0, 0]}}
            """)
        _ = try task.reset(seed: 1)
        #expect {
            for _ in 0..<50 { try advance(task, [1, -1, 1, -1, 1, -1]) }
        } throws: { error in
            guard case SimError.unstable(_, let detail) = error else { return false }
            return !detail.isEmpty
        }
        #expect(task.simulation.needsReset)
        #expect(throws: TaskError.needsReset(environment: "so101:reach")) { try advance(task, Array(repeating: 0, count: 6)) }
        _ = try task.reset(seed: nil)
        #expect(!task.simulation.needsReset)
    }

    @Test func sameSeedSameEpisodesUnderFullRandomization() throws {
        func run(seed: UInt64) throws -> (observations: [[Float]], rewards: [Double], draws: [RandomizationDraw], targets: [SIMD3<Double>]) {
            let task = try #require(try TaskFixtures.make("so101:reach", randomization: .robotDefault, seed: seed) as? ReachTask)
            var observations: [[Float]] = [], rewards: [Double] = [], draws: [RandomizationDraw] = [], targets: [SIMD3<Double>] = []
            for episode in 0..<3 {
                observations.append(try task.reset(seed: nil))
                draws.append(task.simulation.draw)
                targets.append(task.targetPosition)
                for t in 0..<40 {
                    let result = try task.step((0..<task.actionSpace.dimension).map { Float(sin(0.2 * Double(t + $0 + episode))) })
                    observations.append(result.observation)
                    rewards.append(result.reward)
                }
            }
            return (observations, rewards, draws, targets)
        }
        let a = try run(seed: 42), b = try run(seed: 42), c = try run(seed: 43)
        #expect(a.observations == b.observations && a.rewards == b.rewards && a.draws == b.draws && a.targets == b.targets)
        #expect(a.draws[0] != a.draws[1])
        #expect(a.draws != c.draws && a.targets != c.targets && a.observations != c.observations)

        // reset(seed:) restarts the same stream as constructing with that seed.
        let task = try #require(try TaskFixtures.make("so101:reach", randomization: .robotDefault, seed: 7) as? ReachTask)
        _ = try task.reset(seed: 42)
        #expect(task.simulation.draw == a.draws[0] && task.targetPosition == a.targets[0])
    }
}
