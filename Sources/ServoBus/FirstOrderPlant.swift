import SteadyCore

/// A simple servo model: speed- and torque-limited tracking of the goal, limp when torque is off.
///
/// Per motor: the servo's P gain sets a stiffness (register value 32 on Feetech or 800 on
/// Dynamixel ≈ full stall torque at 0.1 rad error); output torque is that stiffness times the
/// error, clamped to the torque limit. The speed follows the error with a 50 ms time constant,
/// capped at the no-load speed scaled down by the torque in use (a DC motor's speed–torque
/// line). With torque off the joint coasts to rest through friction. Current follows torque,
/// temperature follows I²·R heating with a first-order cooling to ambient. No gravity: the
/// MuJoCo plant in `Sim` adds real dynamics.
public final class FirstOrderPlant: ServoPlant {
    public let models: [MotorModel]
    public let stepSeconds: Double
    public var motorCount: Int { models.count }
    /// Ambient temperature, °C.
    public var ambientCelsius = 25.0
    private var readings: [ServoReading]

    /// Creates a plant for `models` (joint order) with every joint at `initialRadians` (default 0).
    public init(models: [MotorModel], initialRadians: [Double]? = nil, stepSeconds: Double = 0.001) {
        self.models = models
        self.stepSeconds = stepSeconds
        readings = models.enumerated().map { index, model in
            ServoReading(positionRadians: initialRadians?[index] ?? 0, temperatureCelsius: 25, volts: model.nominalVolts)
        }
    }

    /// Register value of the P gain that gives full stall torque at 0.1 rad error.
    static func nominalP(_ model: MotorModel) -> Double { model.protocolKind == .feetech ? 32 : 800 }

    public func advance(seconds: Double, drives: [ServoDrive]) throws {
        precondition(drives.count == models.count)
        var remaining = seconds
        while remaining > stepSeconds * 0.5 {
            for index in models.indices { step(index, drive: drives[index], dt: stepSeconds) }
            remaining -= stepSeconds
        }
    }

    private func step(_ index: Int, drive: ServoDrive, dt: Double) {
        let model = models[index]
        var r = readings[index]
        if drive.torqueEnabled {
            let error = drive.goalRadians - r.positionRadians
            let stiffness = Double(max(drive.gains.p, 0)) / Self.nominalP(model) / 0.1
            let load = max(-drive.torqueLimitFraction, min(drive.torqueLimitFraction, stiffness * error))
            var maxSpeed = model.noLoadSpeedRadiansPerSecond * (1 - 0.5 * abs(load))
            if let cap = drive.velocityLimitRadiansPerSecond { maxSpeed = min(maxSpeed, cap) }
            let desired = max(-maxSpeed, min(maxSpeed, error / 0.05))
            // Speed reaches the desired value within one step unless torque-limited.
            let maxDelta = 200 * max(abs(load), 0.05) * dt
            r.velocityRadiansPerSecond += max(-maxDelta, min(maxDelta, desired - r.velocityRadiansPerSecond))
            // Never overshoot the goal inside one step.
            let move = r.velocityRadiansPerSecond * dt
            r.positionRadians += abs(move) > abs(error) ? error : move
            r.loadFraction = load
        } else {
            r.velocityRadiansPerSecond *= max(0, 1 - dt / 0.05)
            r.positionRadians += r.velocityRadiansPerSecond * dt
            r.loadFraction = 0
        }
        r.currentAmps = 0.05 + abs(r.loadFraction) * model.stallCurrentAmps
        // I²R heating (winding ~ nominalVolts/stallCurrent ohms) into 20 J/K, cooling with τ = 300 s.
        let resistance = model.nominalVolts / model.stallCurrentAmps
        let heating = r.currentAmps * r.currentAmps * resistance / 20
        r.temperatureCelsius += (heating - (r.temperatureCelsius - ambientCelsius) / 300) * dt
        readings[index] = r
    }

    public func reading(motor index: Int) -> ServoReading { readings[index] }
}
