import MuJoCo
import SteadyCore

/// What the physics-backed plant needs to know about one servo beyond the MJCF: its position
/// loop at the robot's default gains, its motor's speed–torque line, play and thermal model.
///
/// Defaults come from the MJCF actuator and the motor's datasheet (`init(model:joint:...)`);
/// a physics override file (`PhysicsOverrides`) can change every field.
public struct PhysicsServoParameters: Equatable, Sendable {
    /// Position gain at the robot's default P register value, N·m/rad.
    public var kp: Double
    /// Derivative gain at the robot's default D register value, N·m·s/rad. The motor's own
    /// back-EMF damping (stall torque / no-load speed) comes on top while torque is on.
    public var kd: Double
    /// Largest torque the motor delivers (its stall torque at nominal voltage), N·m.
    public var forceLimitNewtonMeters: Double
    /// Speed at which the motor's torque falls to zero at full drive, rad/s.
    public var noLoadSpeedRadiansPerSecond: Double
    /// Winding current at stall torque, A (current is proportional to torque).
    public var stallCurrentAmps: Double
    /// Total play between motor and joint, rad.
    public var backlashRadians: Double
    /// Heating and cooling.
    public var thermal: ThermalParameters

    /// Creates parameters from their SI values.
    public init(kp: Double, kd: Double, forceLimitNewtonMeters: Double, noLoadSpeedRadiansPerSecond: Double,
                stallCurrentAmps: Double, backlashRadians: Double = 0, thermal: ThermalParameters) {
        self.kp = kp
        self.kd = kd
        self.forceLimitNewtonMeters = forceLimitNewtonMeters
        self.noLoadSpeedRadiansPerSecond = noLoadSpeedRadiansPerSecond
        self.stallCurrentAmps = stallCurrentAmps
        self.backlashRadians = backlashRadians
        self.thermal = thermal
    }

    /// Defaults for a joint driven by `motor`, read from the MJCF actuator when there is one:
    ///
    /// - kp: the position actuator's kp (the MJCF servo stands for the servo at the robot's
    ///   default gains); without one, full stall torque at 0.1 rad error, as `FirstOrderPlant`.
    /// - kd: the position actuator's kv, else 0 (only back-EMF damps the loop).
    /// - force limit, no-load speed, stall current: the motor's datasheet.
    /// - thermal: `ThermalParameters.estimate(for:)`. Backlash: none.
    public init(motor: MotorModel, model: SimModel, actuator: ActuatorID?) {
        var kp = motor.stallTorqueNewtonMeters / 0.1
        var kd = 0.0
        if let actuator, model.isPositionServo(actuator) {
            kp = model.positionGain(of: actuator)
            kd = model.velocityGain(of: actuator)
        }
        self.init(kp: kp, kd: kd, forceLimitNewtonMeters: motor.stallTorqueNewtonMeters,
                  noLoadSpeedRadiansPerSecond: motor.noLoadSpeedRadiansPerSecond,
                  stallCurrentAmps: motor.stallCurrentAmps, thermal: .estimate(for: motor))
    }

    /// The motor's back-EMF damping: the slope of its speed–torque line, N·m·s/rad.
    public var backEMFDamping: Double { forceLimitNewtonMeters / noLoadSpeedRadiansPerSecond }
}
