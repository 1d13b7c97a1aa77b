import Foundation
import MuJoCo
import Testing
import ServoBus
import SteadyCore
import SteadyTesting
@testable import Sim

/// A physics twin (SO-101 unless told) behind its firmware, seen through `RobotBus` over
/// `TwinTransport`: the same bytes a serial client (the runtime, LeRobot, the vendor SDKs)
/// exchanges, with the plant stepped in simulated time.
struct PhysicsTwin {
    let twin: ServoTwin
    let plant: MuJoCoPlant
    let bus: RobotBus
    var robot: RobotDescription { twin.robot }

    static let so101Robot = Fixtures.packageRoot.appendingPathComponent("robots/so101/robot.yaml")
    static let ticksPerRadian = 4096 / (2 * Double.pi)

    init(robot name: String = "so101", overrides: [PhysicsOverrides] = [], initialRadians: [Double]? = nil) throws {
        let directory = Fixtures.packageRoot.appendingPathComponent("robots/\(name)")
        let robot = try RobotDescription.load(file: directory.appendingPathComponent("robot.yaml"))
        let nominal = try MuJoCoPlant.nominalParametersFile(for: robot).map { try PhysicsOverrides.load(contentsOf: $0) }
        plant = try MuJoCoPlant(robot: robot, model: try SimModel(contentsOf: directory.appendingPathComponent("model.xml").path),
                                overrides: (nominal.map { [$0] } ?? []) + overrides, initialRadians: initialRadians)
        twin = ServoTwin(robot: robot, plant: plant)
        bus = RobotBus(robot: robot, bus: PacketBus(transport: TwinTransport(twin: twin), protocolKind: robot.protocolKind,
                                                    retries: 0, latencyAllowanceSeconds: 0))
    }

    /// Unlocks the EEPROM (Feetech) and writes robot.yaml's gains, as the runtime does at connect time.
    func writeRobotGains() throws {
        if robot.protocolKind == .feetech { try bus.write("Lock", values: Array(repeating: 0, count: robot.joints.count)) }
        try bus.write("Position_P_Gain", values: robot.joints.map(\.gains.p))
        try bus.write("Position_I_Gain", values: robot.joints.map(\.gains.i))
        try bus.write("Position_D_Gain", values: robot.joints.map(\.gains.d))
    }

    /// Goal ticks (no homing offset) for a joint angle in radians.
    static func ticks(_ radians: Double) -> Int { 2047 + Int((radians * ticksPerRadian).rounded()) }
    /// Joint angle in degrees for present ticks.
    static func degrees(_ ticks: Int) -> Double { Double(ticks - 2047) / ticksPerRadian * 180 / .pi }

    func index(_ joint: String) -> Int { robot.joints.firstIndex { $0.name == joint }! }

    /// Holds every joint where it stands, then lets gravity load the servos.
    func holdPose(_ radians: [Double], settleSeconds: Double = 1) throws {
        try writeRobotGains()
        try bus.write("Goal_Position", values: radians.map(Self.ticks))
        try bus.setTorque(true)
        try twin.advance(seconds: settleSeconds)
    }
}

@Suite struct MuJoCoPlantTests {
    @Test(arguments: [30.0, -30.0])
    func aThirtyDegreeStepSettlesWithinOneDegreeInHalfASecondTorqueLimited(stepDegrees: Double) throws {
        let arm = try PhysicsTwin()
        try arm.holdPose(Array(repeating: 0, count: 6))
        let elbow = arm.index("elbow_flex")
        var goals = try arm.bus.readPresent().map(\.positionTicks)
        goals[elbow] = PhysicsTwin.ticks(stepDegrees * .pi / 180)
        try arm.bus.write("Goal_Position", values: goals)
        var settled: Double?
        var peakLoad = 0, peakSpeed = 0
        for tick in 1...500 {   // 1 s at 2 ms, read over the wire each step as a fast client would
            try arm.twin.advance(seconds: 0.002)
            let state = try arm.bus.readPresent()[elbow]
            peakLoad = max(peakLoad, abs(state.load))
            peakSpeed = max(peakSpeed, abs(state.velocity))
            if abs(PhysicsTwin.degrees(state.positionTicks) - stepDegrees) > 1 { settled = nil }
            else if settled == nil { settled = Double(tick) * 0.002 }
        }
        let final = PhysicsTwin.degrees(try arm.bus.readPresent()[elbow].positionTicks)
        print("so101 physics twin: elbow_flex \(stepDegrees)° step within 1° after \(settled ?? .infinity) s, final \(final)°, peak |load| \(peakLoad)/1000, peak speed \(Double(peakSpeed) / PhysicsTwin.ticksPerRadian) rad/s")
        #expect((settled ?? .infinity) < 0.5)
        #expect(abs(final - stepDegrees) < 1)
        #expect(peakLoad == 1000, "the move is torque-limited")
    }

    /// The koch twin's wrist_flex (P 800 on an XL330, carrying the wrist and gripper): a 30°
    /// step settles within 2° in under 0.5 s of simulated time and rests within 2° of the goal.
    /// scripts/interop/dynamixel_physics_interop.py sees the same step through dynamixel_sdk in
    /// real time, where a busy machine can only make it late.
    @Test func aKochWristStepSettlesWithinTwoDegreesInHalfASecond() throws {
        let arm = try PhysicsTwin(robot: "koch")
        try arm.holdPose(Array(repeating: 0, count: 6), settleSeconds: 1.5)
        let wrist = arm.index("wrist_flex")
        var goals = try arm.bus.readPresent().map(\.positionTicks)
        goals[wrist] = PhysicsTwin.ticks(30 * .pi / 180)
        try arm.bus.write("Goal_Position", values: goals)
        var settled: Double?, peak = -Double.infinity
        for tick in 1...500 {   // 1 s at 2 ms
            try arm.twin.advance(seconds: 0.002)
            let degrees = PhysicsTwin.degrees(try arm.bus.readPresent()[wrist].positionTicks)
            peak = max(peak, degrees)
            if abs(degrees - 30) > 2 { settled = nil } else if settled == nil { settled = Double(tick) * 0.002 }
        }
        let final = PhysicsTwin.degrees(try arm.bus.readPresent()[wrist].positionTicks)
        print("koch physics twin: wrist_flex 30° step within 2° after \(settled ?? .infinity) s simulated, peak \(peak)°, rests at \(final)°")
        #expect((settled ?? .infinity) < 0.5)
        #expect(abs(final - 30) < 2)
    }

    @Test func aBigStepSaturatesTheLoadBothWaysAndRunsNearTheNoLoadSpeed() throws {
        let arm = try PhysicsTwin()
        try arm.holdPose(Array(repeating: 0, count: 6))
        let pan = arm.index("shoulder_pan")
        var goals = try arm.bus.readPresent().map(\.positionTicks)
        goals[pan] = PhysicsTwin.ticks(1.5)
        try arm.bus.write("Goal_Position", values: goals)
        var loads: [Int] = [], speeds: [Double] = []
        for _ in 0..<500 {
            try arm.twin.advance(seconds: 0.002)
            let state = try arm.bus.readPresent()[pan]
            loads.append(state.load)
            speeds.append(Double(state.velocity) / PhysicsTwin.ticksPerRadian)
        }
        let peak = speeds.max()!
        print("so101 physics twin: shoulder_pan 1.5 rad step, load \(loads.min()!)…\(loads.max()!), peak speed \(peak) rad/s")
        #expect(loads.max() == 1000 && loads.min() == -1000)
        // The speed–torque line: no faster than no-load speed, within friction/damping of it.
        #expect(peak > 4.0 && peak < MotorModel.sts3215.noLoadSpeedRadiansPerSecond)
        #expect(abs(PhysicsTwin.degrees(try arm.bus.readPresent()[pan].positionTicks) - 1.5 * 180 / .pi) < 1)
    }

    @Test func withTorqueOffTheArmSagsUnderGravity() throws {
        let arm = try PhysicsTwin()
        let start = try arm.bus.readPresent().map(\.positionTicks)
        #expect(start.allSatisfy { $0 == 2047 })   // powers up in the model's zero pose
        try arm.twin.advance(seconds: 1)
        let sagged = try arm.bus.readPresent().map { PhysicsTwin.degrees($0.positionTicks) }
        print("so101 physics twin, torque off for 1 s: shoulder_lift \(sagged[1])°, elbow_flex \(sagged[2])°, shoulder_pan \(sagged[0])°")
        #expect(sagged[arm.index("shoulder_lift")] > 10)
        #expect(sagged[arm.index("elbow_flex")] > 10)
        #expect(abs(sagged[arm.index("shoulder_pan")]) < 0.5)   // a vertical axis: gravity does not turn it
    }

    @Test func holdingTheArmOutReportsLoadAndCurrent() throws {
        let arm = try PhysicsTwin()
        let out = [0, Double.pi / 2, -Double.pi / 2, 0, 0, 0]   // upper arm and forearm horizontal, forward
        try arm.holdPose(out)
        let states = try arm.bus.readPresent()
        let present = arm.bus.measurements(states, conversions: arm.robot.joints.map {
            JointConversion(calibration: MotorCalibration(id: Int($0.id.rawValue), driveMode: 0, homingOffset: 0, rangeMin: 0, rangeMax: 4095),
                            ticksPerRevolution: 4096)
        })
        let lift = arm.index("shoulder_lift"), elbow = arm.index("elbow_flex")
        print("so101 physics twin holding the arm out: shoulder_lift load \(present[lift].loadFraction), \(present[lift].currentAmps ?? 0) A, error \(present[lift].positionRadians - out[lift]) rad; elbow_flex load \(present[elbow].loadFraction)")
        // Gravity pulls the arm forward and down (+ on both joints), so the servos push back (−).
        #expect(present[lift].loadFraction < -0.2 && present[lift].loadFraction > -0.8)
        #expect(present[elbow].loadFraction > 0.05 || present[elbow].loadFraction < -0.05)
        #expect((present[lift].currentAmps ?? 0) > 0.5)
        #expect(abs(present[lift].positionRadians - out[lift]) < 2 * .pi / 180)
        #expect(abs(present[arm.index("shoulder_pan")].loadFraction) < 0.02)
    }

    @Test func thePRegisterSetsTheStiffness() throws {
        func sag(p: Int) throws -> Double {
            let arm = try PhysicsTwin()
            try arm.holdPose([0, Double.pi / 2, -Double.pi / 2, 0, 0, 0])
            try arm.bus.write("Lock", values: Array(repeating: 0, count: 6))
            try arm.bus.write("Position_P_Gain", values: Array(repeating: p, count: 6))
            try arm.twin.advance(seconds: 1)
            return arm.plant.reading(motor: 1).positionRadians - .pi / 2
        }
        let soft = try sag(p: 8), nominal = try sag(p: 16), stiff = try sag(p: 32)
        print("shoulder_lift gravity error: P 8 \(soft) rad, P 16 \(nominal) rad, P 32 \(stiff) rad")
        #expect(soft > nominal && nominal > stiff && stiff > 0)
        #expect(abs(soft / nominal - 2) < 0.3 && abs(nominal / stiff - 2) < 0.3)
    }

    @Test func goalVelocityCapsTheSpeedAndTorqueLimitCapsTheLoad() throws {
        let arm = try PhysicsTwin()
        try arm.holdPose(Array(repeating: 0, count: 6))
        try arm.bus.write("Goal_Velocity", values: Array(repeating: 500, count: 6))   // 500 ticks/s = 0.77 rad/s
        try arm.bus.write("Torque_Limit", values: Array(repeating: 500, count: 6))
        try arm.bus.write("Goal_Position", values: [PhysicsTwin.ticks(1), 2047, 2047, 2047, 2047, 2047])
        var speeds: [Int] = [], peakLoad = 0
        for _ in 0..<1000 {
            try arm.twin.advance(seconds: 0.002)
            let state = try arm.bus.readPresent()[0]
            speeds.append(state.velocity)
            peakLoad = max(peakLoad, abs(state.load))
        }
        // The ramp takes 1.3 s; after the start transient the joint cruises at the capped speed.
        let cruise = Double(speeds[150..<600].reduce(0, +)) / 450
        print("Goal_Velocity 500: cruise \(cruise) ticks/s, peak \(speeds.max()!) ticks/s; Torque_Limit 500: peak load \(peakLoad)")
        #expect(abs(cruise - 500) < 10)
        #expect(speeds.max()! < 800)
        #expect(peakLoad <= 500 && peakLoad > 50)
        #expect(abs(try arm.bus.readPresent()[0].positionTicks - PhysicsTwin.ticks(1)) <= 3)
    }

    @Test func backlashLeavesTheJointShortOfTheGoalOnTheSideItCameFrom() throws {
        let play = try PhysicsOverrides.parse("joints: {shoulder_pan: {backlash: 0.04}}", file: "play.yaml")
        let arm = try PhysicsTwin(overrides: [play])
        try arm.holdPose(Array(repeating: 0, count: 6), settleSeconds: 0.2)
        func settle(at radians: Double) throws -> Double {
            try arm.bus.write("Goal_Position", values: [PhysicsTwin.ticks(radians), 2047, 2047, 2047, 2047, 2047])
            try arm.twin.advance(seconds: 1)
            return arm.plant.reading(motor: 0).positionRadians
        }
        _ = try settle(at: -0.5)
        let fromBelow = try settle(at: 0.3)
        _ = try settle(at: 1.0)
        let fromAbove = try settle(at: 0.3)
        print("backlash 0.04 rad: 0.3 rad approached from below \(fromBelow), from above \(fromAbove)")
        #expect(abs(fromBelow - 0.28) < 0.004 && abs(fromAbove - 0.32) < 0.004)
    }

    @Test func aDivergingSimulationIsThrownNotACrashAndStaysFailed() throws {
        let arm = try PhysicsTwin()
        try arm.twin.advance(seconds: 0.01)
        let before = try arm.bus.readPresent()
        arm.plant.simulation.qvel = Array(repeating: .nan, count: arm.plant.model.dofCount)
        #expect(throws: SimError.self) { try arm.twin.advance(seconds: 0.01) }
        #expect(throws: SimError.self) { try arm.twin.advance(seconds: 0.01) }
        // The firmware still answers with the last good state.
        #expect(try arm.bus.readPresent() == before)

        let wild = try PhysicsOverrides.parse("gravity: [0, 0, -1e15]", file: "wild.yaml")
        let exploding = try PhysicsTwin(overrides: [wild])
        #expect {
            try exploding.twin.advance(seconds: 1)
        } throws: { error in
            guard case SimError.unstable = error else { return false }
            return true
        }
    }

    @Test func twinServerStopsWithTheFailureOfADivergingPlant() throws {
        let wild = try PhysicsOverrides.parse("gravity: [0, 0, -1e15]", file: "wild.yaml")
        let arm = try PhysicsTwin(overrides: [wild])
        let terminal = try PseudoTerminal()
        defer { terminal.close() }
        let server = try TwinServer(twin: arm.twin, terminal: terminal)
        server.run()   // returns at the first failing plant step
        #expect(server.failure is SimError)
    }

    @Test func aRobotJointMissingFromTheModelIsNamedWithTheModelsJoints() throws {
        var robot = try RobotDescription.load(file: PhysicsTwin.so101Robot)
        robot.joints[2].name = "elbow"
        #expect {
            _ = try MuJoCoPlant(robot: robot, model: try SimModel(contentsOf: Fixtures.so101Model.path))
        } throws: { error in
            "\(error)".contains("no joint named 'elbow'") && "\(error)".contains("elbow_flex")
        }
        var bare = robot
        bare.directory = URL(fileURLWithPath: "/nonexistent")
        #expect(throws: MuJoCoPlantError.self) { _ = try MuJoCoPlant(robot: bare) }
    }
}
