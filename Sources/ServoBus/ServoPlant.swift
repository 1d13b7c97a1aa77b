import SteadyCore

/// What a servo's firmware tells the physics behind it, per motor, in SI units.
///
/// The twin firmware derives it from the motor's control table (goal, torque enable, gains,
/// profile and torque limits) after applying the homing offset.
public struct ServoDrive: Equatable, Sendable {
    /// Goal position, rad, in the motor's own frame (0 = raw half turn, 2047 of 4096, before homing).
    public var goalRadians: Double
    public var torqueEnabled: Bool
    /// The servo's position-loop gains as raw register values.
    public var gains: ServoGains
    /// Speed cap from the profile/goal-speed registers, rad/s (nil = the motor's own maximum).
    public var velocityLimitRadiansPerSecond: Double?
    /// Fraction of stall torque the firmware allows (torque/current limit registers), 0…1.
    public var torqueLimitFraction: Double

    public init(goalRadians: Double = 0, torqueEnabled: Bool = false, gains: ServoGains = ServoGains(p: 32, i: 0, d: 0),
                velocityLimitRadiansPerSecond: Double? = nil, torqueLimitFraction: Double = 1) {
        self.goalRadians = goalRadians
        self.torqueEnabled = torqueEnabled
        self.gains = gains
        self.velocityLimitRadiansPerSecond = velocityLimitRadiansPerSecond
        self.torqueLimitFraction = torqueLimitFraction
    }
}

/// What the physics reports back for one motor, in SI units.
public struct ServoReading: Equatable, Sendable {
    public var positionRadians: Double
    public var velocityRadiansPerSecond: Double
    /// Output torque as a signed fraction of stall torque (−1…1).
    public var loadFraction: Double
    public var currentAmps: Double
    public var temperatureCelsius: Double
    public var volts: Double

    public init(positionRadians: Double = 0, velocityRadiansPerSecond: Double = 0, loadFraction: Double = 0,
                currentAmps: Double = 0, temperatureCelsius: Double = 25, volts: Double = 7.4) {
        self.positionRadians = positionRadians
        self.velocityRadiansPerSecond = velocityRadiansPerSecond
        self.loadFraction = loadFraction
        self.currentAmps = currentAmps
        self.temperatureCelsius = temperatureCelsius
        self.volts = volts
    }
}

/// The physics behind a servo twin: given what each motor's firmware asks, how the motors move.
///
/// `steady twin` ships a `FirstOrderPlant`; the MuJoCo twin in `Sim` conforms too, so the same
/// firmware answers the serial port whatever the physics.
public protocol ServoPlant: AnyObject {
    /// Number of motors, in robot joint order.
    var motorCount: Int { get }
    /// The integration step the plant wants, seconds; the twin advances it in multiples of this.
    var stepSeconds: Double { get }
    /// Advances the physics by `seconds` (a multiple of `stepSeconds`) under the given drives.
    /// - Throws: when the physics fails (a diverged simulation).
    func advance(seconds: Double, drives: [ServoDrive]) throws
    /// The present state of motor `index`.
    func reading(motor index: Int) -> ServoReading
}
