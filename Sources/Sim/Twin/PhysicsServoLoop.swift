import ServoBus
import SteadyCore

/// One servo's firmware position loop and DC motor, computing the torque it applies to its joint.
///
/// Per step, with torque on:
/// 1. the goal passes the speed ramp (Goal_Velocity / Profile_Velocity, when set) and the
///    gear train's play (`Backlash`);
/// 2. the PID, in torque units, gives the drive duty u = clamp((kp·e + ki·∫e − kd·q̇) / τ_stall,
///    ±torque limit), with the derivative on the measured velocity (no kick on a goal step);
/// 3. the motor's speed–torque line turns duty into torque: τ = τ_stall·(u − q̇/ω₀), clamped to
///    ±τ_stall·torque limit. At full duty the torque falls to zero at the no-load speed ω₀;
///    at rest the back-EMF term acts as a damping τ_stall/ω₀ (0.40 N·m·s/rad on an STS3215).
///
/// With torque off the driver is open: no torque, no back-EMF braking, the joint is limp.
///
/// Register gains map to SI gains relative to the robot's default gains (`robot.yaml`), at
/// which the servo has the parameters' kp (and kd): kp = kp₀·P/P₀ (P₀ = the factory P when
/// robot.yaml says 0). When the parameters give a kd₀ at a non-zero default D₀, kd = kd₀·D/D₀;
/// otherwise D and I units are converted as Dynamixel's manual relates them to P (KPP = P/128,
/// KPD = D/16, KPI = I/65536, a 1 kHz loop): a D unit is worth 8 P units × 1 ms (added to
/// kd₀), an I unit 1/512 of a P unit per 1 ms sample. The koch and leap_hand models convert
/// their D gains the same way. Feetech publishes no scaling; the same is assumed.
public struct PhysicsServoLoop: Sendable {
    /// The servo's parameters (gains at the robot's defaults, motor line, play, thermal).
    public var parameters: PhysicsServoParameters {
        didSet {
            backlash.widthRadians = parameters.backlashRadians
            thermal.parameters = parameters.thermal
        }
    }
    /// The gains `robot.yaml` writes at connect time, at which the servo has `parameters.kp/kd`.
    public let referenceGains: ServoGains
    /// Whose firmware this is (its factory P gain stands in for a zero reference).
    public let protocolKind: ServoProtocolKind
    /// Torque applied in the last step, N·m.
    public private(set) var torqueNewtonMeters = 0.0
    /// The winding's temperature.
    public private(set) var thermal: ThermalModel

    private var setpoint: Double?
    private var integral = 0.0
    private var backlash: Backlash

    /// A loop for a servo with `parameters`, tuned at `referenceGains`.
    public init(parameters: PhysicsServoParameters, referenceGains: ServoGains, protocolKind: ServoProtocolKind) {
        self.parameters = parameters
        self.referenceGains = referenceGains
        self.protocolKind = protocolKind
        thermal = ThermalModel(parameters: parameters.thermal)
        backlash = Backlash(widthRadians: parameters.backlashRadians)
    }

    /// SI gains for the gain registers `gains`: kp N·m/rad, ki N·m/(rad·s), kd N·m·s/rad.
    public func siGains(_ gains: ServoGains) -> (kp: Double, ki: Double, kd: Double) {
        let factoryP = protocolKind == .feetech ? 32.0 : 800.0
        let referenceP = referenceGains.p > 0 ? Double(referenceGains.p) : factoryP
        let kpPerUnit = parameters.kp / referenceP
        let p = Double(max(gains.p, 0)), i = Double(max(gains.i, 0)), d = Double(max(gains.d, 0))
        let kd = referenceGains.d > 0 && parameters.kd > 0 ? parameters.kd * d / Double(referenceGains.d)
                                                           : parameters.kd + kpPerUnit * d * 0.008
        return (kpPerUnit * p, kpPerUnit * i * 1000 / 512, kd)
    }

    /// Computes the torque for one step of `seconds` from the joint's present state.
    /// - Important: runs every physics step; no allocation.
    public mutating func torque(drive: ServoDrive, positionRadians q: Double, velocityRadiansPerSecond w: Double,
                                seconds dt: Double) -> Double {
        guard drive.torqueEnabled, drive.torqueLimitFraction > 0 else {
            setpoint = nil
            integral = 0
            backlash.reset(to: q)
            torqueNewtonMeters = 0
            return 0
        }
        var target = drive.goalRadians
        if let cap = drive.velocityLimitRadiansPerSecond, cap > 0 {
            let from = setpoint ?? q
            let reach = cap * dt
            target = from + min(max(target - from, -reach), reach)
        }
        setpoint = target
        let error = backlash.pass(target) - q
        let gains = siGains(drive.gains)
        let stall = parameters.forceLimitNewtonMeters
        let limit = drive.torqueLimitFraction
        if gains.ki > 0 {
            integral = min(max(integral + error * dt, -stall * limit / gains.ki), stall * limit / gains.ki)
        } else {
            integral = 0
        }
        let command = gains.kp * error + gains.ki * integral - gains.kd * w
        let duty = min(max(command / stall, -limit), limit)
        let torque = stall * (duty - w / parameters.noLoadSpeedRadiansPerSecond)
        torqueNewtonMeters = min(max(torque, -stall * limit), stall * limit)
        return torqueNewtonMeters
    }

    /// Winding current at the last step's torque, A (proportional to torque).
    public var currentAmps: Double {
        parameters.stallCurrentAmps * abs(torqueNewtonMeters) / parameters.forceLimitNewtonMeters
    }

    /// The last step's torque as a signed fraction of stall torque, −1…1.
    public var loadFraction: Double {
        min(max(torqueNewtonMeters / parameters.forceLimitNewtonMeters, -1), 1)
    }

    /// Advances the winding temperature by `seconds` at the last step's current.
    public mutating func heat(seconds: Double) {
        thermal.advance(seconds: seconds, currentAmps: currentAmps)
    }
}
