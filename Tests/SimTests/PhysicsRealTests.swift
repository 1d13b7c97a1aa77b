import Foundation
import MuJoCo
import SteadyCore
import Testing
@testable import Sim

/// `robots/<robot>/physics-real.yaml`, the stand-in for a real arm: it loads in the servo twin
/// and in the simulated task, differs from the nominal model, and lies inside every range of
/// the robot's default randomization (so a policy trained with it has seen such arms).
@Suite struct PhysicsRealTests {
    func files(_ robot: String) throws -> (real: PhysicsOverrides, randomization: RandomizationConfiguration) {
        let directory = TaskFixtures.directory(robot)
        return (try PhysicsOverrides.load(contentsOf: directory.appendingPathComponent("physics-real.yaml")),
                try RandomizationConfiguration.load(contentsOf: directory.appendingPathComponent("randomization.yaml")))
    }

    /// The interval `configuration` draws element `name` of `parameter` from (nominal × support
    /// for a scale), nil when the parameter is not randomized.
    func range(of parameter: RandomizationConfiguration.Parameter, element name: String?, nominal: Double,
               in configuration: RandomizationConfiguration) -> ClosedRange<Double>? {
        guard let entry = configuration.episode[parameter] else { return nil }
        let rule = entry.overrides.first { $0.name == name }?.rule ?? entry.rule
        let support = rule.distribution.support
        guard rule.mode == .scale else { return support }
        return (nominal * support.lowerBound)...(nominal * support.upperBound)
    }

    @Test(arguments: ["so101", "koch"])
    func theRealArmIsInsideTheDefaultRandomizationButNotItsNominalPoint(robot: String) throws {
        let (real, randomization) = try files(robot)
        let (description, model) = try TaskFixtures.load(robot)
        let joints = description.joints.map(\.name)
        let fixed = try RandomizationConfiguration(fixedAt: real)
        let realPlan = try RandomizationPlan(configuration: fixed, model: model, jointNames: joints, observedPointCount: 1)
        let defaultPlan = try RandomizationPlan(configuration: randomization, model: model, jointNames: joints, observedPointCount: 1)
        var generator = SeededGenerator(seed: 1)
        let drawn = realPlan.draw(using: &generator), nominal = defaultPlan.nominalDraw()
        var differences: Set<String> = []
        func check(_ parameter: RandomizationConfiguration.Parameter, _ names: [String?], _ values: [Double], _ nominals: [Double]) {
            for (k, name) in names.enumerated() {
                if abs(values[k] - nominals[k]) > 1e-12 * max(1, abs(nominals[k])) { differences.insert(parameter.rawValue) }
                guard let allowed = range(of: parameter, element: name, nominal: nominals[k], in: randomization) else {
                    #expect(abs(values[k] - nominals[k]) < 1e-12, "\(robot): \(parameter) of \(name ?? "-") changed but is not randomized")
                    continue
                }
                let slack = 1e-9 * max(1, abs(allowed.upperBound))
                #expect(values[k] >= allowed.lowerBound - slack && values[k] <= allowed.upperBound + slack,
                        "\(robot): \(parameter) of \(name ?? "-") is \(values[k]), outside \(allowed)")
            }
        }
        check(.linkMass, defaultPlan.bodyNames, drawn.bodyMasses, nominal.bodyMasses)
        check(.jointDamping, joints, drawn.damping, nominal.damping)
        check(.frictionLoss, joints, drawn.frictionLoss, nominal.frictionLoss)
        check(.armature, joints, drawn.armature, nominal.armature)
        check(.actuatorGain, joints, drawn.gains, nominal.gains)
        check(.backlash, joints, drawn.backlashRadians, nominal.backlashRadians)
        check(.payloadMass, [nil], [drawn.payloadKilograms], [nominal.payloadKilograms])
        check(.actionDelay, [nil], [Double(drawn.actionDelayTicks)], [Double(nominal.actionDelayTicks)])
        check(.gravity, [nil], [-drawn.gravity.z], [-nominal.gravity.z])
        // Encoder noise no larger than what training saw.
        #expect(fixed.noise.jointPosition.white > 0 && fixed.noise.jointPosition.white <= randomization.noise.jointPosition.white)
        #expect(fixed.noise.jointPosition.bias > 0 && fixed.noise.jointPosition.bias <= randomization.noise.jointPosition.bias)
        // What the issue asks of a real arm: payload, friction, backlash, gains ±20 %, latency.
        #expect(differences.isSuperset(of: ["payload_mass", "friction_loss", "backlash", "actuator_gain", "action_delay"]),
                "\(robot): differs only in \(differences.sorted())")
        let gainFactors = zip(drawn.gains, nominal.gains).map { $0 / $1 }
        #expect(gainFactors.allSatisfy { abs($0 - 1) <= 0.2 + 1e-12 } && gainFactors.contains { abs($0 - 1) >= 0.15 })
    }

    @Test(arguments: ["so101", "koch"])
    func theRealArmLoadsInTheTwinAndInTheSimulatedTask(robot: String) throws {
        let (real, _) = try files(robot)
        let (description, model) = try TaskFixtures.load(robot)
        let nominal = try PhysicsOverrides.load(contentsOf: TaskFixtures.directory(robot).appendingPathComponent("physics.yaml"))
        let plant = try MuJoCoPlant(robot: description, model: model, overrides: [nominal, real])
        #expect(plant.changes.contains { $0.source == real.file && $0.field.hasSuffix(".frictionloss") })
        let task = try #require(try TaskFixtures.make("\(robot):reach", randomization: .configuration(RandomizationConfiguration(fixedAt: real)),
                                                      seed: 3) as? ReachTask)
        for episode in 0..<2 {
            _ = try task.reset(seed: episode == 0 ? 3 : nil)
            #expect(task.simulation.draw.actionDelayTicks == 1 && task.simulation.draw.payloadKilograms == real.payloads[0].massKilograms)
            for _ in 0..<5 { _ = try task.step(Array(repeating: 0.2, count: task.actionSpace.dimension)) }
        }
    }

    @Test func aNamedScaleComposesWithAllAndAbsoluteFactorsAreRefused() throws {
        let overrides = try PhysicsOverrides.parse("""
            joints:
              all: {frictionloss: {scale: 2}}
              elbow_flex: {frictionloss: {scale: 1.5}}
            action_delay_ticks: 2
            """, file: "x.yaml")
        let fixed = try RandomizationConfiguration(fixedAt: overrides)
        let entry = try #require(fixed.episode[.frictionLoss])
        #expect(entry.rule.distribution == .uniform(lower: 2, upper: 2))
        #expect(entry.overrides.first { $0.name == "elbow_flex" }?.rule.distribution == .uniform(lower: 3, upper: 3))
        #expect(fixed.episode[.actionDelay]?.rule.distribution == .uniform(lower: 2, upper: 2))
        let absolute = try PhysicsOverrides.parse("joints:\n  elbow_flex: {kp: 100}\n", file: "y.yaml")
        #expect(throws: SteadyFileError.self) { _ = try RandomizationConfiguration(fixedAt: absolute) }
    }
}
