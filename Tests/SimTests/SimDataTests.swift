@testable import MuJoCo
import Testing
@testable import Sim

@Suite struct SimDataTests {
    @Test func servoDrivesJointToTargetAndSensorsFollow() throws {
        let model = try SimModel(xml: Fixtures.twoLinkXML)
        let data = SimData(model: model)
        let elbow = try model.joint(named: "elbow")
        let elbowServo = try model.actuator(named: "elbow_servo")
        model.gravity = .zero
        data.setControl(0.5, of: elbowServo)
        try data.step(count: 3000)
        #expect(abs(data.position(of: elbow) - 0.5) < 1e-3)
        #expect(abs(data.values(of: try model.sensor(named: "elbow_angle"))[0] - data.position(of: elbow)) < 1e-6)
        #expect(abs(data.time - 6) < 1e-9)
        let tip = data.position(of: try model.site(named: "tip"))
        #expect(tip.z < 1)   // elbow bent by +0.5 rad about +y lowers the tip
        data.reset()
        #expect(data.time == 0 && data.qpos == [0, 0] && data.ctrl == [0, 0])
    }

    @Test func forwardUpdatesSitesWithoutAdvancingTime() throws {
        let model = try SimModel(xml: Fixtures.twoLinkXML)
        let data = SimData(model: model)
        data.qpos = [-Double.pi / 2, 0]   // arm straight up
        data.forward()
        let tip = data.position(of: try model.site(named: "tip"))
        #expect(abs(tip.x) < 1e-12 && abs(tip.z - 1.6) < 1e-12)
        #expect(data.time == 0)
    }

    @Test func hugeVelocityThrowsUnstable() throws {
        let model = try SimModel(xml: Fixtures.twoLinkXML)
        let data = SimData(model: model)
        try data.step(count: 10)
        data.qvel = [1e20, 0]
        #expect {
            try data.step(count: 5)
        } throws: { error in
            guard case let SimError.unstable(time, detail) = error else { return false }
            return abs(time - 0.02) < 1e-12 && detail.contains("qvel") && detail.contains("shoulder")
        }
    }

    @Test func stiffServoOnTinyMassWithLargeTimestepThrowsUnstable() throws {
        let model = try SimModel(xml: Fixtures.unstableXML)
        let data = SimData(model: model)
        data.setControl(1, of: try model.actuator(named: "servo"))
        #expect {
            try data.step(count: 1000)
        } throws: { error in
            guard case let SimError.unstable(_, detail) = error else { return false }
            return detail.contains("bad")
        }
        // The same world with a sane gain and timestep is fine.
        let tame = model.copy()
        tame.setPositionGain(1e-3, of: try tame.actuator(named: "servo"))
        tame.timestepSeconds = 0.001
        let tameData = SimData(model: tame)
        tameData.setControl(1, of: try tame.actuator(named: "servo"))
        try tameData.step(count: 1000)
    }

    @Test func nonFiniteControlThrowsUnstable() throws {
        let model = try SimModel(xml: Fixtures.twoLinkXML)
        let data = SimData(model: model)
        data.ctrl = [.nan, 0]
        #expect {
            try data.step()
        } throws: { error in
            guard case let SimError.unstable(_, detail) = error else { return false }
            return detail.contains("ctrl") && detail.contains("shoulder_servo")
        }
    }

    @Test func warningsAreRecordedInTheSwiftLog() throws {
        let model = try SimModel(xml: Fixtures.twoLinkXML)
        let data = SimData(model: model)
        let mark = MuJoCoLog.mark
        data.qvel = [.nan, 0]
        #expect(throws: SimError.self) { try data.step() }
        #expect(MuJoCoLog.warnings(since: mark).contains { $0.message.lowercased().contains("qvel") })
    }
}
