import Testing
import ServoBus
import SteadyCore
@testable import Sim

@Suite struct PhysicsServoLoopTests {
    let parameters = PhysicsServoParameters(kp: 80, kd: 0.6, forceLimitNewtonMeters: 1.91, noLoadSpeedRadiansPerSecond: 4.72,
                                            stallCurrentAmps: 2.7, thermal: .estimate(for: .sts3215))
    func loop() -> PhysicsServoLoop {
        PhysicsServoLoop(parameters: parameters, referenceGains: ServoGains(p: 16, i: 0, d: 32), protocolKind: .feetech)
    }
    let on = ServoDrive(goalRadians: 1, torqueEnabled: true, gains: ServoGains(p: 16, i: 0, d: 32))

    @Test func theSpeedTorqueLineFallsToZeroAtTheNoLoadSpeed() {
        var servo = loop()
        #expect(servo.torque(drive: on, positionRadians: 0, velocityRadiansPerSecond: 0, seconds: 0.002) == 1.91)
        #expect(abs(servo.torque(drive: on, positionRadians: 0, velocityRadiansPerSecond: 2.36, seconds: 0.002) - 0.955) < 1e-9)
        #expect(servo.torque(drive: on, positionRadians: 0, velocityRadiansPerSecond: 4.72, seconds: 0.002) == 0)
        // Braking (moving away from the goal) is capped at the stall torque.
        #expect(servo.torque(drive: on, positionRadians: 0, velocityRadiansPerSecond: -3, seconds: 0.002) == 1.91)
        #expect(servo.loadFraction == 1 && abs(servo.currentAmps - 2.7) < 1e-12)
    }

    @Test func registerGainsScaleFromTheRobotDefaults() {
        let servo = loop()
        let nominal = servo.siGains(ServoGains(p: 16, i: 0, d: 32))
        #expect(nominal.kp == 80 && nominal.kd == 0.6 && nominal.ki == 0)
        let doubled = servo.siGains(ServoGains(p: 32, i: 0, d: 64))
        #expect(doubled.kp == 160 && doubled.kd == 1.2)
        #expect(servo.siGains(ServoGains(p: 16, i: 512, d: 32)).ki == 5 * 1000)
        // A robot whose default D is 0 (Koch): D units count as 8 P units × 1 ms.
        let koch = PhysicsServoLoop(parameters: parameters, referenceGains: ServoGains(p: 800, i: 0, d: 0), protocolKind: .dynamixel)
        #expect(abs(koch.siGains(ServoGains(p: 800, i: 0, d: 100)).kd - (0.6 + 0.1 * 100 * 0.008)) < 1e-12)
        // Likewise when the parameters give no kd (the model's actuator has no kv): leap_hand's
        // P 800, D 200 at kp 4.28 gives the 0.0086 N·m·s/rad its model.xml derives.
        var leapParameters = parameters
        leapParameters.kp = 4.28
        leapParameters.kd = 0
        let leap = PhysicsServoLoop(parameters: leapParameters, referenceGains: ServoGains(p: 800, i: 0, d: 200), protocolKind: .dynamixel)
        #expect(abs(leap.siGains(ServoGains(p: 800, i: 0, d: 200)).kd - 0.00856) < 1e-12)
    }

    @Test func smallErrorsGiveAProportionalTorqueAndTorqueOffIsLimp() {
        var servo = loop()
        var drive = on
        drive.goalRadians = 0.01
        #expect(abs(servo.torque(drive: drive, positionRadians: 0, velocityRadiansPerSecond: 0, seconds: 0.002) - 0.8) < 1e-12)
        // At 0.1 rad/s: D term 0.06 plus back-EMF 1.91·0.1/4.72.
        let moving = servo.torque(drive: drive, positionRadians: 0, velocityRadiansPerSecond: 0.1, seconds: 0.002)
        #expect(abs(moving - (0.8 - 0.06 - 1.91 * 0.1 / 4.72)) < 1e-12)
        drive.torqueEnabled = false
        #expect(servo.torque(drive: drive, positionRadians: 0, velocityRadiansPerSecond: 3, seconds: 0.002) == 0)
        #expect(servo.currentAmps == 0)
    }

    @Test func theTorqueLimitScalesDutyAndTorque() {
        var servo = loop()
        var drive = on
        drive.torqueLimitFraction = 0.5
        #expect(servo.torque(drive: drive, positionRadians: 0, velocityRadiansPerSecond: 0, seconds: 0.002) == 0.955)
        // Half duty: the torque reaches zero at half the no-load speed.
        #expect(abs(servo.torque(drive: drive, positionRadians: 0, velocityRadiansPerSecond: 2.36, seconds: 0.002)) < 1e-12)
    }

    @Test func theGoalVelocityRampsTheSetpoint() {
        var servo = loop()
        var drive = on
        drive.velocityLimitRadiansPerSecond = 0.5
        drive.goalRadians = 10
        _ = servo.torque(drive: drive, positionRadians: 0, velocityRadiansPerSecond: 0, seconds: 0.002)
        // After one step the setpoint is 0.001 rad ahead: 80 × 0.001 N·m.
        #expect(abs(servo.torqueNewtonMeters - 0.08) < 1e-12)
    }

    @Test func backlashIsAPlayOperator() {
        var play = Backlash(widthRadians: 0.1)
        #expect(play.pass(0.04) == 0)
        #expect(abs(play.pass(0.2) - 0.15) < 1e-12)
        #expect(abs(play.pass(0.12) - 0.15) < 1e-12)
        #expect(abs(play.pass(0.0) - 0.05) < 1e-12)
    }
}
