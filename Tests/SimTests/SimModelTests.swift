@testable import MuJoCo
import Testing
@testable import Sim

@Suite struct SimModelTests {
    @Test func loadsFromStringWithCountsNamesAndAddresses() throws {
        let model = try SimModel(xml: Fixtures.twoLinkXML, name: "two_link.xml")
        #expect(model.qposCount == 2 && model.dofCount == 2 && model.actuatorCount == 2)
        #expect(model.sensorDataCount == 1)
        #expect(model.names(of: .joint) == ["shoulder", "elbow"])
        #expect(model.names(of: .actuator) == ["shoulder_servo", "elbow_servo"])
        let elbow = try model.joint(named: "elbow")
        #expect(model.qposAddress(of: elbow) == 1 && model.dofAddress(of: elbow) == 1)
        #expect(model.range(of: try model.joint(named: "shoulder")) == -2...2)
        #expect(model.range(of: elbow) == nil)
        #expect(model.joint(drivenBy: try model.actuator(named: "elbow_servo")) == elbow)
        #expect(model.sensorDataRange(of: try model.sensor(named: "elbow_angle")) == 0..<1)
        #expect(try model.body(named: "lower").rawValue == 2)
        #expect(try model.site(named: "tip").rawValue == 0)
    }

    @Test func malformedXMLThrowsModelLoadWithMuJoCosMessage() {
        let truncated = "<mujoco><worldbody><body><geom type='sphere' size='0.1'/></body></worldbody>"
        #expect {
            try SimModel(xml: truncated, name: "broken.xml")
        } throws: { error in
            guard case let SimError.modelLoad(path, message) = error else { return false }
            return path == "broken.xml" && message.contains("XML")
        }
    }

    @Test func compilerErrorIsThrownNotFatal() {
        // An actuator on a missing joint fails in MuJoCo's compiler, which reports via mju_error
        // internally; mj_loadXML must turn that into NULL + message, and so must we.
        let xml = """
        <mujoco><worldbody><body><joint name="j"/><geom size="0.1"/></body></worldbody>
        <actuator><position joint="nope"/></actuator></mujoco>
        """
        #expect {
            try SimModel(xml: xml)
        } throws: { error in
            guard case let SimError.modelLoad(_, message) = error else { return false }
            return message.contains("nope")
        }
    }

    @Test func missingFileThrowsModelLoadNamingThePath() {
        #expect {
            try SimModel(contentsOf: "/nonexistent/steady/model.xml")
        } throws: { error in
            guard case let SimError.modelLoad(path, message) = error else { return false }
            return path == "/nonexistent/steady/model.xml" && !message.isEmpty
        }
    }

    @Test func unknownNameThrowsNamingItAndListingAvailable() throws {
        let model = try SimModel(xml: Fixtures.twoLinkXML, name: "two_link.xml")
        #expect(throws: SimError.unknownName(kind: .joint, name: "wrist", model: "two_link.xml",
                                             available: ["shoulder", "elbow"])) {
            try model.joint(named: "wrist")
        }
        do {
            _ = try model.actuator(named: "gripper")
            Issue.record("expected an error")
        } catch {
            let text = "\(error)"
            #expect(text.contains("'gripper'") && text.contains("shoulder_servo") && text.contains("actuator"))
        }
    }

    @Test func copyIsIndependentOfTheOriginal() throws {
        let original = try SimModel(xml: Fixtures.twoLinkXML)
        let copy = original.copy()
        let servo = try copy.actuator(named: "shoulder_servo")
        let lower = try copy.body(named: "lower")
        copy.setPositionGain(123, of: servo)
        copy.setMass(2, of: lower)
        copy.setDamping(3, atDof: 1)
        copy.setFrictionLoss(0.2, atDof: 0)
        copy.setArmature(0.01, atDof: 0)
        copy.setForceRange(-1...1, of: servo)
        copy.gravity = SIMD3(0, 0, -1.62)
        copy.timestepSeconds = 0.001
        copy.recomputeConstants()

        #expect(original.positionGain(of: servo) == 20 && copy.positionGain(of: servo) == 123)
        #expect(original.biasParameters(of: servo)[1] == -20 && copy.biasParameters(of: servo)[1] == -123)
        #expect(original.mass(of: lower) == 0.5 && copy.mass(of: lower) == 2)
        #expect(original.damping(atDof: 1) == 1 && copy.damping(atDof: 1) == 3)
        #expect(original.frictionLoss(atDof: 0) == 0 && copy.frictionLoss(atDof: 0) == 0.2)
        #expect(original.armature(atDof: 0) == 0 && copy.armature(atDof: 0) == 0.01)
        #expect(original.forceRange(of: servo) == -5...5 && copy.forceRange(of: servo) == -1...1)
        #expect(original.gravity == SIMD3(0, 0, -9.81) && copy.gravity.z == -1.62)
        #expect(original.timestepSeconds == 0.002 && copy.timestepSeconds == 0.001)

        // The two worlds now behave differently; the original still simulates after the copy dies.
        func sag(_ model: SimModel) throws -> Double {
            let data = SimData(model: model)
            try data.step(count: 200)
            return data.qpos[1]
        }
        let sagCopy = try sag(copy)
        let sagOriginal = try sag(original)
        #expect(sagCopy != sagOriginal)
        #expect(try sag(original) == sagOriginal)
    }

    @Test func massChangeScalesInertiaByDefault() throws {
        let model = try SimModel(xml: Fixtures.twoLinkXML)
        let lower = try model.body(named: "lower")
        let inertiaBefore = model.handle.pointee.body_inertia[3 * lower.rawValue + 1]
        model.setMass(1.5, of: lower)
        let inertiaAfter = model.handle.pointee.body_inertia[3 * lower.rawValue + 1]
        #expect(abs(inertiaAfter / inertiaBefore - 3) < 1e-12)
    }
}
