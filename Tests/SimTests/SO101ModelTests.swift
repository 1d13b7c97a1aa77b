import Foundation
import MuJoCo
import Testing
@testable import Sim

@Suite struct SO101ModelTests {
    static let joints: [(name: String, range: ClosedRange<Double>)] = [
        ("shoulder_pan", -1.92...1.92), ("shoulder_lift", -1.75...1.75), ("elbow_flex", -1.69...1.69),
        ("wrist_flex", -1.66...1.66), ("wrist_roll", -2.74...2.84), ("gripper", -0.17...1.75),
    ]

    func loadModel() throws -> SimModel {
        try SimModel(contentsOf: Fixtures.so101Model.path)
    }

    @Test func hasTheJointsServosAndSiteOfTheRobotDescription() throws {
        let model = try loadModel()
        #expect(model.loadWarning == nil)
        #expect(model.names(of: .joint) == Self.joints.map(\.name))
        #expect(model.names(of: .actuator) == Self.joints.map(\.name))
        _ = try model.site(named: "ee")
        #expect(model.timestepSeconds == 0.002)
        for (name, range) in Self.joints {
            let joint = try model.joint(named: name)
            let servo = try model.actuator(named: name)
            #expect(model.range(of: joint) == range, "\(name) range")
            #expect(model.controlRange(of: servo) == range, "\(name) ctrlrange")
            #expect(model.joint(drivenBy: servo) == joint)
            #expect(model.isPositionServo(servo) && model.positionGain(of: servo) > 0)
            #expect(model.forceRange(of: servo) == -1.91...1.91)
            let dof = model.dofAddress(of: joint)
            #expect(model.armature(atDof: dof) > 0.01 && model.damping(atDof: dof) > 0 && model.frictionLoss(atDof: dof) > 0)
        }
        let movingMass = (1..<model.count(of: .body)).map { model.mass(of: BodyID(rawValue: $0)) }.reduce(0, +)
        #expect(movingMass > 0.5 && movingMass < 0.7, "total mass \(movingMass) kg")
    }

    @Test func armSagsUnderGravityWithTheServosOff() throws {
        let model = try loadModel().copy()
        for name in model.names(of: .actuator) { model.setPositionGain(0, of: try model.actuator(named: name)) }
        let data = SimData(model: model)
        let ee = try model.site(named: "ee")
        data.forward()
        let start = data.position(of: ee)
        try data.step(count: 1000)
        let end = data.position(of: ee)
        let elbow = data.position(of: try model.joint(named: "elbow_flex"))
        #expect(start.z - end.z > 0.05, "ee dropped \(start.z - end.z) m")
        #expect(elbow > 10 * Double.pi / 180, "elbow sagged to \(elbow) rad")

        // With the servos on, the same pose holds within a degree.
        let held = SimData(model: try loadModel())
        try held.step(count: 1000)
        for angle in held.qpos { #expect(abs(angle) < Double.pi / 180) }
    }

    /// Time until a 30° step on elbow_flex stays within 1° of its target.
    func settlingTime(stepDegrees: Double) throws -> (seconds: Double, finalErrorDegrees: Double) {
        let model = try loadModel()
        let data = SimData(model: model)
        let elbow = try model.joint(named: "elbow_flex")
        try data.step(count: 500)   // let gravity load the servos first
        let target = stepDegrees * Double.pi / 180
        data.setControl(target, of: try model.actuator(named: "elbow_flex"))
        let start = data.time
        var settled: Double?
        for _ in 0..<1000 {
            try data.step()
            if abs(data.position(of: elbow) - target) > Double.pi / 180 { settled = nil }
            else if settled == nil { settled = data.time - start }
        }
        return (settled ?? .infinity, (data.position(of: elbow) - target) * 180 / Double.pi)
    }

    @Test(arguments: [30.0, -30.0])
    func elbowStepSettlesWithinOneDegreeInHalfASecond(stepDegrees: Double) throws {
        let (seconds, finalError) = try settlingTime(stepDegrees: stepDegrees)
        print("so101 elbow_flex \(stepDegrees)° step: within 1° after \(seconds) s, final error \(finalError)°")
        #expect(seconds < 0.5)
        #expect(abs(finalError) < 1)
    }
}
