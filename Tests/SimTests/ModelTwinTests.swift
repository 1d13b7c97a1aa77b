import Foundation
import MuJoCo
import SteadyCore
import Testing
@testable import Sim

/// The koch and leap_hand MJCF twins against their robot.yaml and their motors' datasheets.
@Suite struct ModelTwinTests {
    /// The rotor inertias each model.xml assumes (kg·m²; not published by Robotis).
    static let assumedRotorInertia: [String: Double] = ["xl430-w250": 1.5e-7, "xl330-m288": 3e-8, "xc330-m288": 4e-8]
    /// N·m/rad per unit of Position P gain per N·m of stall torque: (1/128)/885 · 4096/2π.
    static let pGainConversion = 1.0 / 128 / 885 * 4096 / (2 * Double.pi)
    /// N·m·s/rad per unit of Position D gain per N·m of stall torque: (1/16)/885 · 4096/2π / 1000.
    static let dGainConversion = 1.0 / 16 / 885 * 4096 / (2 * Double.pi) / 1000

    static let robots = ["koch", "leap_hand"]

    /// A robot's description and model from the repository's `robots/<robot>/`.
    static func load(_ robot: String) throws -> (RobotDescription, SimModel) {
        let directory = Fixtures.packageRoot.appendingPathComponent("robots").appendingPathComponent(robot)
        return (try RobotDescription.load(file: directory.appendingPathComponent("robot.yaml")),
                try SimModel(contentsOf: directory.appendingPathComponent("model.xml").path))
    }
    static let sites = ["koch": ["ee"], "leap_hand": ["index_tip", "middle_tip", "ring_tip", "thumb_tip"]]
    static let movingMass = ["koch": 0.2519, "leap_hand": 0.509]

    @Test(arguments: robots)
    func jointsServosAndSitesMatchRobotYAML(robot: String) throws {
        let (description, model) = try Self.load(robot)
        #expect(model.loadWarning == nil)
        #expect(model.timestepSeconds == 0.002)
        #expect(model.names(of: .joint) == description.joints.map(\.name))
        #expect(model.names(of: .actuator) == description.joints.map(\.name))
        for site in Self.sites[robot]! { _ = try model.site(named: site) }
        for joint in description.joints {
            let id = try model.joint(named: joint.name), servo = try model.actuator(named: joint.name)
            #expect(model.isScalar(id))
            #expect(model.range(of: id) == joint.lowerRadians...joint.upperRadians, "\(joint.name) range")
            #expect(model.controlRange(of: servo) == joint.lowerRadians...joint.upperRadians, "\(joint.name) ctrlrange")
            #expect(model.joint(drivenBy: servo) == id && model.isPositionServo(servo))
        }
        let mass = model.movingBodies.map { model.mass(of: $0) }.reduce(0, +)
        #expect(abs(mass - Self.movingMass[robot]!) < 0.001, "moving mass \(mass) kg")
        let data = SimData(model: model)
        data.forward()
        #expect(data.contactCount == 0, "the zero pose touches nothing")
    }

    /// Gain, force limit, armature, damping and friction loss follow from the joint's motor
    /// (`MotorModel`) and its gains in robot.yaml, as each model.xml's header derives them.
    @Test(arguments: robots)
    func servoParametersComeFromTheMotorModel(robot: String) throws {
        let (description, model) = try Self.load(robot)
        for joint in description.joints {
            let motor = joint.model, stall = motor.stallTorqueNewtonMeters
            let servo = try model.actuator(named: joint.name)
            let dof = model.dofAddress(of: try model.joint(named: joint.name))
            #expect(model.forceRange(of: servo) == -stall...stall, "\(joint.name) force limit")
            let kp = stall * Double(joint.gains.p) * Self.pGainConversion
            #expect(abs(model.positionGain(of: servo) - kp) < 0.01 * kp, "\(joint.name) kp \(model.positionGain(of: servo)) vs \(kp)")
            let armature = Self.assumedRotorInertia[motor.name]! * motor.gearRatio * motor.gearRatio
            #expect(abs(model.armature(atDof: dof) - armature) < 0.02 * armature, "\(joint.name) armature")
            let damping = stall / motor.noLoadSpeedRadiansPerSecond + Double(joint.gains.d) * Self.dGainConversion * stall
            #expect(abs(model.damping(atDof: dof) - damping) < 0.01 * damping, "\(joint.name) damping \(model.damping(atDof: dof)) vs \(damping)")
            let friction = 0.025 * stall
            #expect(abs(model.frictionLoss(atDof: dof) - friction) < 0.03 * friction, "\(joint.name) frictionloss")
        }
    }

    @Test(arguments: robots)
    func theRobotSagsUnderGravityWithTheServosOff(robot: String) throws {
        let model = try Self.load(robot).1.copy()
        for name in model.names(of: .actuator) { model.setPositionGain(0, of: try model.actuator(named: name)) }
        let data = SimData(model: model)
        let sites = try Self.sites[robot]!.map { try model.site(named: $0) }
        data.forward()
        let start = sites.map { data.position(of: $0).z }
        try data.step(count: 1000)
        let drops = zip(start, sites.map { data.position(of: $0).z }).map { $0 - $1 }
        print("\(robot) sag in 2 s without actuation (m): \(drops)")
        #expect(drops.allSatisfy { $0 > 0.03 })
    }

    @Test(arguments: robots)
    func theServosHoldTheZeroPose(robot: String) throws {
        let data = SimData(model: try Self.load(robot).1)
        try data.step(count: 1000)
        let worst = data.qpos.map(abs).max()!
        print("\(robot) largest deviation holding zero: \(worst * 180 / .pi)°")
        #expect(worst < 3 * Double.pi / 180)
    }

    /// A 30° step on one joint settles (stays within 1° of where it ends) within a second, and
    /// ends within 3° of its target (the rest is gravity against a proportional-only servo).
    @Test(arguments: [("koch", "elbow_flex"), ("koch", "shoulder_pan"), ("leap_hand", "index_pip"), ("leap_hand", "thumb_mcp")])
    func aStepSettles(robot: String, jointName: String) throws {
        let model = try Self.load(robot).1
        let data = SimData(model: model)
        let joint = try model.joint(named: jointName)
        try data.step(count: 500)
        let target = data.position(of: joint) + 30 * Double.pi / 180
        data.setControl(target, of: try model.actuator(named: jointName))
        var trajectory: [Double] = []
        for _ in 0..<1000 {
            try data.step()
            trajectory.append(data.position(of: joint))
        }
        let final = trajectory.last!
        let lastOutside = trajectory.lastIndex { abs($0 - final) > Double.pi / 180 } ?? -1
        let seconds = Double(lastOutside + 1) * model.timestepSeconds
        let error = (final - target) * 180 / Double.pi
        print("\(robot) \(jointName) 30° step: settled after \(seconds) s, final error \(error)°")
        #expect(seconds < 1)
        #expect(abs(error) < 3)
    }
}
