import Foundation
import MuJoCo
import Testing
import SteadyCore
@testable import Sim

@Suite struct PhysicsOverridesTests {
    func so101Plant(_ overrides: [PhysicsOverrides]) throws -> MuJoCoPlant {
        let robot = try RobotDescription.load(file: PhysicsTwin.so101Robot)
        return try MuJoCoPlant(robot: robot, model: try SimModel(contentsOf: Fixtures.so101Model.path), overrides: overrides)
    }

    /// The error `text` (a file named bad.yaml) gives, when parsed and applied to the SO-101.
    func failure(_ text: String) -> String {
        do {
            _ = try so101Plant([try PhysicsOverrides.parse(text, file: "bad.yaml")])
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test func theFormatParsesNumbersScalesAllAndPayloads() throws {
        let overrides = try PhysicsOverrides.parse("""
            gravity: {scale: 0.5}
            timestep: 0.001
            joints:
              elbow_flex: {kp: 100}
              all: {damping: {scale: 2}}
            bodies:
              gripper: {mass: 0.1}
            payload:
              - {body: gripper, mass: 0.2, position: [0.08, 0, 0]}
              - {body: wrist, mass: 0.05}
            """, file: "x.yaml")
        #expect(overrides.gravity == .scale(0.5) && overrides.timestep == .absolute(0.001))
        #expect(overrides.joints.map(\.joint) == [nil, "elbow_flex"])   // `all` first
        #expect(overrides.joints[1].value == .absolute(100) && overrides.joints[1].location.line == 4)
        #expect(overrides.bodies.count == 1 && overrides.payloads.count == 2)
        #expect(overrides.payloads[1].position == SIMD3(0, 0, 0))
    }

    @Test func applyingChangesTheModelAndServosAndReportsEachChange() throws {
        let nominal = try PhysicsOverrides.load(contentsOf: Fixtures.packageRoot.appendingPathComponent("robots/so101/physics.yaml"))
        let file = Fixtures.packageRoot.appendingPathComponent("robots/so101/physics-heavy.yaml")
        let heavy = try PhysicsOverrides.load(contentsOf: file)
        let base = try so101Plant([nominal])
        let plant = try so101Plant([nominal, heavy])
        let elbow = 2, dof = plant.model.dofAddress(of: try plant.model.joint(named: "elbow_flex"))
        #expect(plant.servos[elbow].parameters.forceLimitNewtonMeters == 1.6)
        #expect(abs(plant.servos[elbow].parameters.kp - 68) < 1e-9)
        #expect(plant.servos.allSatisfy { $0.parameters.backlashRadians == 0.009 && $0.parameters.thermal.ambientCelsius == 30 })
        #expect(abs(plant.model.frictionLoss(atDof: dof) - 0.1) < 1e-12 && abs(plant.model.damping(atDof: dof) - 0.03) < 1e-12)
        let gripper = try plant.model.body(named: "gripper")
        #expect(abs(plant.model.mass(of: gripper) - base.model.mass(of: gripper) - 0.15) < 1e-12)
        // The payload moves the gripper's centre of mass toward the jaws.
        #expect(plant.model.centerOfMass(of: gripper).x > base.model.centerOfMass(of: gripper).x)
        let heavyChanges = plant.changes.filter { $0.source == file.path }
        let fields = heavyChanges.map(\.field)
        #expect(fields.contains("joints.elbow_flex.force_limit") && fields.contains("bodies.lower_arm.mass"))
        #expect(fields.contains("ambient_temperature") && fields.contains { $0.hasPrefix("bodies.gripper.mass (payload") })
        #expect(heavyChanges.contains { $0.description == "joints.elbow_flex.force_limit: 1.91 → 1.6 N·m" })
        print("physics-heavy.yaml: \(heavyChanges.count) changes, e.g.\n" + heavyChanges.prefix(4).map { "  \($0)" }.joined(separator: "\n"))
        // The nominal file did what its comment says.
        #expect(base.model.damping(atDof: dof) == 0.02 && base.servos[elbow].parameters.kd == 0.6)
    }

    @Test func theHeavyArmNeedsMoreTorqueToHoldOut() throws {
        let heavy = try PhysicsOverrides.load(contentsOf: Fixtures.packageRoot.appendingPathComponent("robots/so101/physics-heavy.yaml"))
        func holdingLoad(_ overrides: [PhysicsOverrides]) throws -> Double {
            let arm = try PhysicsTwin(overrides: overrides)
            try arm.holdPose([0, Double.pi / 2, -Double.pi / 2, 0, 0, 0])
            return arm.plant.reading(motor: 1).loadFraction
        }
        let nominal = try holdingLoad([]), loaded = try holdingLoad([heavy])
        print("shoulder_lift holding the arm out: nominal load \(nominal), heavy \(loaded)")
        #expect(loaded < nominal - 0.1)
    }

    @Test func zeroGravityKeepsALimpArmWhereItIs() throws {
        let arm = try PhysicsTwin(overrides: [try PhysicsOverrides.parse("gravity: [0, 0, 0]", file: "space.yaml")])
        try arm.twin.advance(seconds: 1)
        #expect(try arm.bus.readPresent().allSatisfy { $0.positionTicks == 2047 })
    }

    @Test func badFilesNameFileLineAndField() {
        #expect(failure("joints:\n  elbow_flex: {kp: fast}") == "bad.yaml:2: field 'joints.elbow_flex.kp': 'fast' is not a finite number")
        #expect(failure("joints:\n  elbow_flex: {kp: -3}").contains("bad.yaml:2: field 'joints.elbow_flex.kp': must be zero or positive"))
        #expect(failure("joints:\n  elbow_flex:\n    stiffness: 3").contains("bad.yaml:3: field 'joints.elbow_flex.stiffness': unknown field (expected one of: armature, backlash,"))
        #expect(failure("gravity: 9.81").contains("bad.yaml:1: field 'gravity': expected a vector [x, y, z]"))
        #expect(failure("gravity: [0, 0]").contains("field 'gravity': expected 3 numbers, found 2"))
        #expect(failure("joints:\n  all: {backlash: 0.7}").contains("field 'joints.all.backlash': 0.7 rad of play is not a gear train"))
        #expect(failure("timestep: 0.05").contains("field 'timestep': 0.05 s is too long"))
        #expect(failure("bodies: {gripper: {mass: {scale: 0}}}").contains("field 'bodies.gripper.mass.scale': scale must be positive"))
        #expect(failure("payload: {body: gripper}").contains("field 'payload.mass': is required but missing"))
        #expect(failure("joints: [elbow_flex]").contains("field 'joints': expected a mapping"))
        #expect(failure("gravty: [0, 0, 0]").contains("bad.yaml:1: field 'gravty': unknown field"))
        #expect(failure("joints: {elbow_flex: {kp: 100}\n").hasPrefix("bad.yaml:"))
    }

    @Test func unknownNamesListTheKnownOnes() {
        #expect(failure("joints:\n  elbow: {kp: 100}") ==
                "bad.yaml:2: field 'joints.elbow.kp': unknown joint 'elbow' (known joints: shoulder_pan, shoulder_lift, elbow_flex, wrist_flex, wrist_roll, gripper)")
        #expect(failure("bodies:\n  forearm: {mass: 0.2}") ==
                "bad.yaml:2: field 'bodies.forearm.mass': unknown body 'forearm' (known bodies: base, shoulder, upper_arm, lower_arm, wrist, gripper, moving_jaw)")
        #expect(failure("payload: {body: hand, mass: 0.1}").contains("bad.yaml:1: field 'payload.body': unknown body 'hand' (known bodies: base,"))
    }
}
