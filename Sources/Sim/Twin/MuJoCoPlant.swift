import MuJoCo
import ServoBus
import SteadyCore

/// A robot twin's physics: a MuJoCo simulation behind the servo firmware, as a `ServoPlant`.
///
/// Each robot joint (`robot.yaml`) is the model joint of the same name; the actuator driving it
/// (preferably also of that name) becomes a plain torque motor in the plant's own copy of the
/// model, and each physics step the plant writes it the torque its `PhysicsServoLoop` computes:
/// the servo's own P/I/D registers, speed ramp and torque limit, the motor's speed–torque line,
/// play, and a thermal model. A joint without an actuator is driven through `qfrc_applied`.
///
/// MuJoCo 2.2's position actuator has no velocity gain and cannot express the motor's
/// speed–torque line, hence the torque computed in Swift rather than `gainprm`/`biasprm` per step.
///
/// Readings come from the simulation: joint position and velocity (the firmware quantizes them
/// to encoder ticks), load and current from the applied torque, temperature from the thermal
/// model, nominal supply voltage. A diverging simulation is thrown from `advance` and every
/// later `advance` throws it again (the state is invalid).
public final class MuJoCoPlant: ServoPlant {
    /// The robot whose joints the motors are, in order.
    public let robot: RobotDescription
    /// The plant's own model: overrides applied, servo actuators made torque motors.
    public let model: SimModel
    /// The simulation state.
    public let simulation: SimData
    /// What the override files changed, in order of application.
    public let changes: [PhysicsOverrides.Change]
    /// Supply voltage every motor reports, V.
    public var volts: [Double]

    /// Each motor's position loop, motor and thermal state.
    public private(set) var servos: [PhysicsServoLoop]
    /// Why the simulation stopped, once it has diverged.
    public private(set) var failure: Error?

    private let joints: [JointID]
    private let dofs: [Int]
    /// The actuator each motor writes its torque to (nil: `qfrc_applied`), and its gear.
    private let actuators: [(id: ActuatorID, gear: Double)?]
    private var readings: [ServoReading]

    public var motorCount: Int { robot.joints.count }
    /// The model's timestep: the plant steps the simulation and the servo loops together.
    public var stepSeconds: Double { model.timestepSeconds }

    /// Builds the plant from `robot` and its MJCF `model` (left unchanged), applying `overrides`
    /// in order, with every joint at `initialRadians` (default: the model's reference pose).
    ///
    /// - Throws: `SimError.unknownName` when a robot joint is missing from the model (listing
    ///   the model's joints), `MuJoCoPlantError.notAServoJoint`, or a located `SteadyFileError`
    ///   for an override naming an unknown joint or body.
    public init(robot: RobotDescription, model nominal: SimModel, overrides: [PhysicsOverrides] = [],
                initialRadians: [Double]? = nil) throws {
        precondition(initialRadians == nil || initialRadians!.count == robot.joints.count,
                     "MuJoCoPlant: initialRadians needs one value per joint")
        let model = nominal.copy()
        var joints: [JointID] = []
        var actuators: [ActuatorID?] = []
        for joint in robot.joints {
            let id = try model.joint(named: joint.name)
            guard model.isScalar(id) else { throw MuJoCoPlantError.notAServoJoint(joint: joint.name, model: model.name) }
            joints.append(id)
            let driving = (0..<model.actuatorCount).map { ActuatorID(rawValue: $0) }.filter { model.joint(drivenBy: $0) == id }
            actuators.append(driving.first { model.name(of: .actuator, id: $0.rawValue) == joint.name } ?? driving.first)
        }
        var parameters = zip(robot.joints, actuators).map { joint, actuator in
            PhysicsServoParameters(motor: joint.model, model: model, actuator: actuator)
        }
        var changes: [PhysicsOverrides.Change] = []
        for file in overrides {
            changes += try Self.apply(file, to: model, servos: &parameters, servoJoints: zip(robot.joints.map(\.name), joints).map { $0 })
        }
        // Every actuator on a servo joint becomes a torque motor; all but the chosen one stay at 0.
        for a in 0..<model.actuatorCount {
            let actuator = ActuatorID(rawValue: a)
            guard let joint = model.joint(drivenBy: actuator), let index = joints.firstIndex(of: joint) else { continue }
            let gear = model.gear(of: actuator)
            precondition(gear != 0, "MuJoCoPlant: actuator \(a) of \(model.name) has gear 0")
            model.makeTorqueMotor(actuator, forceLimit: parameters[index].forceLimitNewtonMeters / abs(gear) * 1.000001)
        }
        model.recomputeConstants()

        self.robot = robot
        self.model = model
        self.joints = joints
        dofs = joints.map { model.dofAddress(of: $0) }
        self.actuators = actuators.map { $0.map { ($0, model.gear(of: $0)) } }
        self.changes = changes
        simulation = SimData(model: model)
        for (index, joint) in joints.enumerated() {
            if let initialRadians { simulation.setPosition(initialRadians[index], of: joint) }
        }
        simulation.forward()
        servos = zip(robot.joints, parameters).map { joint, parameters in
            PhysicsServoLoop(parameters: parameters, referenceGains: joint.gains, protocolKind: joint.model.protocolKind)
        }
        volts = robot.joints.map(\.model.nominalVolts)
        readings = Array(repeating: ServoReading(), count: robot.joints.count)
        refreshReadings()
    }

    /// Steps the simulation `seconds / stepSeconds` times, the servo loops computing each
    /// motor's torque from the joint state before every step.
    /// - Throws: `SimError.unstable` when the simulation diverges (now or earlier).
    public func advance(seconds: Double, drives: [ServoDrive]) throws {
        precondition(drives.count == motorCount, "MuJoCoPlant: \(drives.count) drives for \(motorCount) motors")
        if let failure { throw failure }
        let dt = stepSeconds
        let steps = Int((seconds / dt).rounded())
        for _ in 0..<max(steps, 0) {
            for index in 0..<motorCount {
                let torque = servos[index].torque(drive: drives[index], positionRadians: simulation.position(of: joints[index]),
                                                  velocityRadiansPerSecond: simulation.velocity(of: joints[index]), seconds: dt)
                if let actuator = actuators[index] {
                    simulation.setControl(torque / actuator.gear, of: actuator.id)
                } else {
                    simulation.setAppliedForce(torque, atDof: dofs[index])
                }
            }
            do {
                try simulation.step()
            } catch {
                failure = error
                throw error
            }
            for index in 0..<motorCount { servos[index].heat(seconds: dt) }
        }
        refreshReadings()
    }

    public func reading(motor index: Int) -> ServoReading { readings[index] }

    /// Changes one servo's parameters (gains, motor line, play, thermal) while running.
    public func setServoParameters(_ parameters: PhysicsServoParameters, motor index: Int) {
        servos[index].parameters = parameters
        if let actuator = actuators[index] {
            model.setForceRange(-1.000001 * parameters.forceLimitNewtonMeters / abs(actuator.gear)...1.000001 * parameters.forceLimitNewtonMeters / abs(actuator.gear),
                                of: actuator.id)
        }
    }

    private func refreshReadings() {
        for index in 0..<motorCount {
            let servo = servos[index]
            let current = servo.currentAmps
            // Dynamixel reports signed current (its direction follows torque); Feetech a magnitude.
            let signedCurrent = robot.joints[index].model.protocolKind == .dynamixel && servo.torqueNewtonMeters < 0 ? -current : current
            readings[index] = ServoReading(positionRadians: simulation.position(of: joints[index]),
                                           velocityRadiansPerSecond: simulation.velocity(of: joints[index]),
                                           loadFraction: servo.loadFraction, currentAmps: signedCurrent,
                                           temperatureCelsius: servo.thermal.temperatureCelsius, volts: volts[index])
        }
    }
}
