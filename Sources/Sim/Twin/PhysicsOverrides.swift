import Foundation
import SteadyCore

/// A physics override file: changes to a robot twin's physical parameters, so that a "real"
/// robot with other dynamics than the nominal model can be stood up for sim-to-real tests.
///
/// Format (YAML; every field optional). A number sets a value in SI units; `{scale: f}`
/// multiplies the value before the file (the nominal model's, or an earlier file's):
///
/// ```yaml
/// gravity: [0, 0, -9.81]        # m/s², or {scale: f}
/// timestep: 0.002               # s, the physics step (0 < t ≤ 0.01)
/// ambient_temperature: 25       # °C
/// joints:                       # by joint name; `all` = every servo joint, applied first
///   all: {damping: {scale: 1.5}}
///   shoulder_lift:
///     damping: 0.05             # N·m·s/rad, passive (gearbox) damping
///     frictionloss: 0.05        # N·m, dry friction
///     armature: 0.0238          # kg·m², reflected rotor inertia
///     kp: 80                    # N·m/rad at the robot's default P register value
///     kd: 0.6                   # N·m·s/rad at the robot's default D register value
///     force_limit: 1.91         # N·m, the motor's stall torque
///     no_load_speed: 4.72       # rad/s
///     backlash: 0.01            # rad, total play
///     thermal_resistance: 15    # K/W
///     thermal_capacitance: 20   # J/K
/// bodies:                       # by body name; `all` = every body with mass, applied first
///   gripper: {mass: 0.12}       # kg; the rotational inertia scales with it
/// payload:                      # a point mass rigidly attached to a body (or a list of them)
///   {body: gripper, mass: 0.2, position: [0.08, 0, 0]}   # kg; m in the body's frame
/// action_delay_ticks: 1         # policy ticks between an action and the servos (simulated tasks only)
/// encoder_noise: {white: 0.0015, bias: 0.004}   # rad, std (simulated tasks only)
/// ```
///
/// `action_delay_ticks` and `encoder_noise` describe what lies between a policy and the servos
/// on a real arm; the servo twin has its own real bus and encoders for those and ignores them,
/// a simulated task applies them (`RandomizationConfiguration(fixedAt:robot:)`).
///
/// Parsing checks types and ranges; names are checked against the model when the overrides
/// are applied (`MuJoCoPlant`). Every error names the file, line and field.
public struct PhysicsOverrides {
    /// How a number in the file changes a parameter.
    public enum Value: Equatable, Sendable {
        /// Sets the parameter.
        case absolute(Double)
        /// Multiplies the parameter.
        case scale(Double)

        /// The parameter after the change.
        public func applied(to value: Double) -> Double {
            switch self {
            case let .absolute(new): return new
            case let .scale(factor): return value * factor
            }
        }
    }

    /// A gravity change: a whole vector, or a factor on the present one.
    public enum Gravity: Equatable, Sendable {
        case absolute(SIMD3<Double>)
        case scale(Double)
    }

    /// Where an entry was written, for errors found when it is applied.
    public typealias Location = FileLocation

    /// The per-joint fields a file can change.
    public enum JointField: String, CaseIterable, Sendable {
        case damping, frictionloss, armature, kp, kd
        case forceLimit = "force_limit"
        case noLoadSpeed = "no_load_speed"
        case backlash
        case thermalResistance = "thermal_resistance"
        case thermalCapacitance = "thermal_capacitance"

        /// Whether the value must be strictly positive (else non-negative).
        var mustBePositive: Bool {
            switch self {
            case .forceLimit, .noLoadSpeed, .thermalResistance, .thermalCapacitance: return true
            default: return false
            }
        }

        /// SI unit, for change reports.
        public var unit: String {
            switch self {
            case .damping, .kd: return "N·m·s/rad"
            case .frictionloss, .forceLimit: return "N·m"
            case .armature: return "kg·m²"
            case .kp: return "N·m/rad"
            case .noLoadSpeed: return "rad/s"
            case .backlash: return "rad"
            case .thermalResistance: return "K/W"
            case .thermalCapacitance: return "J/K"
            }
        }
    }

    /// One change to one joint (`joint` nil = every servo joint).
    public struct JointEdit: Equatable, Sendable {
        public var joint: String?
        public var field: JointField
        public var value: Value
        public var location: Location
    }

    /// One change to one body's mass (`body` nil = every body with mass).
    public struct BodyEdit: Equatable, Sendable {
        public var body: String?
        public var mass: Value
        public var location: Location
    }

    /// A point mass attached to a body.
    public struct Payload: Equatable, Sendable {
        public var body: String
        public var massKilograms: Double
        /// Position in the body's frame, metres.
        public var position: SIMD3<Double>
        public var location: Location
    }

    /// One parameter a file changed, for the report `steady twin` prints.
    public struct Change: Equatable, Sendable, CustomStringConvertible {
        /// The file that changed it.
        public var source: String
        /// Dotted name, e.g. `joints.shoulder_lift.kp`.
        public var field: String
        public var before: String
        public var after: String

        public var description: String { "\(field): \(before) → \(after)" }
    }

    /// The file the overrides were read from.
    public var file: String
    public var gravity: Gravity?
    public var timestep: Value?
    public var ambientCelsius: Value?
    /// Joint edits, `all` first, then in file order.
    public var joints: [JointEdit] = []
    /// Body edits, `all` first, then in file order.
    public var bodies: [BodyEdit] = []
    public var payloads: [Payload] = []
    /// Control ticks between a policy's action and the servos (simulated tasks only).
    public var actionDelayTicks: Int?
    /// Encoder noise, rad: white std at every reading and std of a per-episode bias (simulated tasks only).
    public var encoderNoise: (white: Double, bias: Double)?

    /// No changes, attributed to `file`.
    public init(file: String) {
        self.file = file
    }

    /// Whether the file changes nothing.
    public var isEmpty: Bool {
        gravity == nil && timestep == nil && ambientCelsius == nil && joints.isEmpty && bodies.isEmpty && payloads.isEmpty
            && actionDelayTicks == nil && encoderNoise == nil
    }
}
