import Foundation
import MuJoCo
import SteadyCore
import Testing
@testable import Sim

@Suite struct RandomizationPlanTests {
    func defaultPlan(_ robot: String) throws -> (RandomizationPlan, SimModel, RobotDescription) {
        let (description, model) = try TaskFixtures.load(robot)
        let configuration = try RandomizationConfiguration.load(
            contentsOf: TaskFixtures.directory(robot).appendingPathComponent("randomization.yaml"))
        return (try RandomizationPlan(configuration: configuration, model: model, jointNames: description.joints.map(\.name)),
                model, description)
    }

    /// The range every value of `entry` may take for an element with `nominal` value `name`.
    func allowed(_ entry: RandomizationConfiguration.Entry, name: String, nominal: Double) -> ClosedRange<Double> {
        let rule = entry.overrides.first { $0.name == name }?.rule ?? entry.rule
        let support = rule.distribution.support
        return rule.mode == .scale ? (nominal * support.lowerBound)...(nominal * support.upperBound) : support
    }

    @Test(arguments: ["so101", "koch", "leap_hand"])
    func everyDrawStaysInItsConfiguredRange(robot: String) throws {
        let (plan, _, _) = try defaultPlan(robot)
        let nominal = plan.nominalDraw()
        let episode = plan.configuration.episode
        var generator = SeededGenerator(seed: 17)
        var delays = Set<Int>()
        let tolerance = 1e-12
        func check(_ parameter: RandomizationConfiguration.Parameter, _ names: [String], _ nominals: [Double], _ drawn: [Double]) {
            guard let entry = episode[parameter] else { return }
            for i in names.indices {
                let range = allowed(entry, name: names[i], nominal: nominals[i])
                #expect(drawn[i] >= range.lowerBound - tolerance && drawn[i] <= range.upperBound + tolerance,
                        "\(parameter) \(names[i]) = \(drawn[i]) outside \(range)")
            }
        }
        for _ in 0..<1000 {
            let draw = plan.draw(using: &generator)
            check(.linkMass, plan.bodyNames, nominal.bodyMasses, draw.bodyMasses)
            check(.jointDamping, plan.jointNames, nominal.damping, draw.damping)
            check(.frictionLoss, plan.jointNames, nominal.frictionLoss, draw.frictionLoss)
            check(.armature, plan.jointNames, nominal.armature, draw.armature)
            check(.actuatorGain, plan.jointNames, nominal.gains, draw.gains)
            check(.backlash, plan.jointNames, nominal.backlashRadians, draw.backlashRadians)
            if let gravity = episode[.gravity] {
                #expect(allowed(gravity, name: "", nominal: 9.81).contains(-draw.gravity.z) && draw.gravity.x == 0 && draw.gravity.y == 0)
            }
            if let payload = episode[.payloadMass] { #expect(payload.rule.distribution.support.contains(draw.payloadKilograms)) }
            delays.insert(draw.actionDelayTicks)
        }
        #expect(delays == [0, 1, 2])
    }

    @Test func drawsAreReproducibleAndShareWhenAsked() throws {
        let (robot, model) = try TaskFixtures.load("koch")
        let configuration = try RandomizationConfiguration.parse(YAMLValue.parse("""
            episode:
              joint_damping:
                scale: {log_uniform: [0.2, 20]}
                shared: true
                joints: {gripper: {value: {uniform: [0.5, 0.6]}}}
              link_mass: {scale: {uniform: [0.5, 2]}}
            """, file: "r.yaml"))
        let plan = try RandomizationPlan(configuration: configuration, model: model, jointNames: robot.joints.map(\.name))
        var a = SeededGenerator(seed: 3), b = SeededGenerator(seed: 3)
        let first = plan.draw(using: &a)
        #expect(first == plan.draw(using: &b))
        #expect(first != plan.draw(using: &a))
        let nominal = plan.nominalDraw()
        let factors = (0..<5).map { first.damping[$0] / nominal.damping[$0] }
        #expect(factors.allSatisfy { abs($0 - factors[0]) < 1e-12 })
        #expect((0.5...0.6).contains(first.damping[5]))
        let massFactors = Set(zip(first.bodyMasses, nominal.bodyMasses).map { $0 / $1 })
        #expect(massFactors.count == plan.bodyNames.count)
    }

    @Test func applyingWritesTheCopyAndLeavesTheNominalModelUntouched() throws {
        let (plan, model, _) = try defaultPlan("so101")
        let pristine = try SimModel(contentsOf: TaskFixtures.directory("so101").appendingPathComponent("model.xml").path)
        let copy = model.copy()
        var generator = SeededGenerator(seed: 8)
        var draw = plan.draw(using: &generator)
        for _ in 0..<50 { draw = plan.draw(using: &generator); plan.apply(draw, to: copy) }

        let gripper = try copy.body(named: "gripper")
        let shoulderLift = try copy.joint(named: "shoulder_lift"), servo = try copy.actuator(named: "shoulder_lift")
        let bodyIndex = plan.bodyNames.firstIndex(of: "gripper")!
        #expect(abs(copy.inertial(of: gripper).massKilograms - (draw.bodyMasses[bodyIndex] + draw.payloadKilograms)) < 1e-12)
        #expect(copy.damping(atDof: copy.dofAddress(of: shoulderLift)) == draw.damping[1])
        #expect(copy.positionGain(of: servo) == draw.gains[1])
        #expect(copy.gravity == draw.gravity)

        for body in model.movingBodies { #expect(model.inertial(of: body) == pristine.inertial(of: body)) }
        for name in plan.jointNames {
            let dof = model.dofAddress(of: try model.joint(named: name))
            #expect(model.damping(atDof: dof) == pristine.damping(atDof: dof))
            #expect(model.armature(atDof: dof) == pristine.armature(atDof: dof))
            #expect(model.positionGain(of: try model.actuator(named: name)) == pristine.positionGain(of: try pristine.actuator(named: name)))
        }
        #expect(model.gravity == pristine.gravity)

        // The nominal draw restores the copy exactly: episodes never compound.
        plan.apply(plan.nominalDraw(), to: copy)
        for body in copy.movingBodies { #expect(copy.inertial(of: body) == pristine.inertial(of: body)) }
        #expect(copy.gravity == pristine.gravity)
    }

    @Test func aPayloadMovesTheCentreOfMassTowardItsSite() throws {
        let (_, model) = try TaskFixtures.load("so101")
        let gripper = try model.body(named: "gripper"), site = try model.site(named: "ee")
        let before = model.inertial(of: gripper)
        let point = model.localPosition(of: site)
        let after = before.adding(kilograms: before.massKilograms, at: point)
        #expect(abs(after.massKilograms - 2 * before.massKilograms) < 1e-15)
        let midpoint = (before.centerOfMass + point) / 2
        #expect(((after.centerOfMass - midpoint) * (after.centerOfMass - midpoint)).sum() < 1e-24)
        // Trace grows by the parallel-axis terms: 2·(m/2)·d²·... > the body's own trace.
        #expect(after.principalMoments.sum() > before.principalMoments.sum())
        let norm = (after.principalAxes * after.principalAxes).sum()
        #expect(abs(norm - 1) < 1e-9)
        #expect(before.adding(kilograms: 0, at: point) == before)
    }

    @Test func tableRowsShowNominalAndDrawnValues() throws {
        let (plan, _, _) = try defaultPlan("so101")
        var generator = SeededGenerator(seed: 3)
        let draw = plan.draw(using: &generator)
        let rows = plan.rows(for: draw)
        let gain = try #require(rows.first { $0.parameter == "actuator_gain" && $0.element == "elbow_flex" })
        #expect(gain.nominal == 80 && gain.drawn == draw.gains[2] && gain.rule == "×log-uniform[0.5, 2]")
        #expect(rows.contains { $0.parameter == "action_delay" && $0.drawn == Double(draw.actionDelayTicks) })
        #expect(rows.contains { $0.parameter == "joint_position_bias" })
        let table = RandomizationPlan.table(rows)
        #expect(table.hasPrefix("parameter") && table.contains("link_mass") && table.contains("payload_mass"))
    }
}
