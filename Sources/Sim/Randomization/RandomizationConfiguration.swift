import Foundation
import SteadyCore

/// Domain randomization as `robots/<robot>/randomization.yaml` describes it: which physical and
/// timing parameters are drawn once per episode, from which distributions, and which noise is
/// added at every control step.
///
/// ```yaml
/// episode:                       # drawn at every reset
///   link_mass:     {scale: {log_uniform: [0.25, 4.0]}}          # every moving body, each its own draw
///   joint_damping: {scale: {log_uniform: [0.2, 20.0]}, shared: true}   # one factor for all joints
///   actuator_gain:
///     scale: {log_uniform: [0.5, 2.0]}
///     joints: {gripper: {scale: {uniform: [0.8, 1.25]}}}        # per-joint override
///   gravity:       {value: {gaussian: {mean: 9.81, std: 0.02, clip: [9.75, 9.87]}}}
///   payload_mass:  {value: {uniform: [0.0, 0.05]}, site: ee}
///   action_delay:  {value: {uniform: [0, 2]}}                   # whole control ticks
///   backlash:      {value: {uniform: [0.0, 0.01]}}              # rad, dead band width
/// step:                          # applied at every control step
///   observation_noise:
///     joint_position: {white: 0.002, bias: 0.005, ou: {std: 0.002, time_constant: 0.5}}
///     joint_velocity: {white: 0.05}
///     end_effector:   {white: 0.001}
///   action_noise: {white: 0.01}                                 # normalized action units
///   control_jitter: {substeps: 1, timestep_scale: {uniform: [0.95, 1.05]}}
/// ```
///
/// Each `episode` entry has exactly one of `scale` (a factor on the model's nominal value) or
/// `value` (the value itself, in the parameter's unit), holding a `RandomizationDistribution`.
/// Per-joint and per-body parameters draw independently for every joint or moving body unless
/// `shared: true`; `joints:` or `bodies:` give other rules to named elements. Names are checked
/// against the model when a `RandomizationPlan` is built.
public struct RandomizationConfiguration: Equatable, Sendable {
    /// A parameter drawn once per episode.
    public enum Parameter: String, CaseIterable, Sendable, CustomStringConvertible {
        /// Mass of every moving body (inertia scales with it), kg.
        case linkMass = "link_mass"
        /// Viscous damping of each joint, N·m·s/rad.
        case jointDamping = "joint_damping"
        /// Dry friction of each joint (MuJoCo's frictionloss), N·m.
        case frictionLoss = "friction_loss"
        /// Reflected rotor inertia of each joint, kg·m².
        case armature
        /// Proportional gain kp of each position servo, N·m/rad.
        case actuatorGain = "actuator_gain"
        /// Gravity: `value` is its magnitude along −z, `scale` multiplies the model's vector, m/s².
        case gravity
        /// A mass fixed at a site (default `ee`), kg; value only.
        case payloadMass = "payload_mass"
        /// Delay between the policy's action and the servos receiving it, whole control ticks; value only.
        case actionDelay = "action_delay"
        /// Width of a dead band on each commanded joint position (backlash), rad; value only.
        case backlash

        /// What a parameter has one of.
        public enum Scope: Sendable { case body, joint, global }

        /// Whether the parameter is per moving body, per joint, or one value.
        public var scope: Scope {
            switch self {
            case .linkMass: return .body
            case .jointDamping, .frictionLoss, .armature, .actuatorGain, .backlash: return .joint
            case .gravity, .payloadMass, .actionDelay: return .global
            }
        }

        /// Whether a `scale` rule makes sense (parameters whose nominal value is 0 need `value`).
        public var allowsScale: Bool {
            switch self {
            case .payloadMass, .actionDelay, .backlash: return false
            default: return true
            }
        }

        /// The parameter's unit, for tables.
        public var unit: String {
            switch self {
            case .linkMass, .payloadMass: return "kg"
            case .jointDamping: return "N·m·s/rad"
            case .frictionLoss: return "N·m"
            case .armature: return "kg·m²"
            case .actuatorGain: return "N·m/rad"
            case .gravity: return "m/s²"
            case .actionDelay: return "ticks"
            case .backlash: return "rad"
            }
        }

        /// The parameter's key in the file, e.g. `link_mass`.
        public var description: String { rawValue }
    }

    /// Whether a rule draws a factor on the nominal value or the value itself.
    public enum Mode: String, Sendable {
        /// Multiply the model's nominal value by the draw.
        case scale
        /// Use the draw as the value.
        case value
    }

    /// How one value is drawn.
    public struct Rule: Equatable, Sendable, CustomStringConvertible {
        /// Factor on the nominal value, or the value itself.
        public var mode: Mode
        /// What the factor or value is drawn from.
        public var distribution: RandomizationDistribution

        /// Creates a rule.
        public init(mode: Mode, distribution: RandomizationDistribution) {
            self.mode = mode
            self.distribution = distribution
        }

        /// The rule in table form, e.g. `×log-uniform[0.25, 4]`.
        public var description: String { (mode == .scale ? "×" : "") + distribution.description }
    }

    /// Where something was written, for errors found only when the file meets a model.
    public typealias Location = FileLocation

    /// A rule for one named joint or body, replacing the entry's rule for it.
    public struct Override: Equatable, Sendable {
        /// The joint or body.
        public var name: String
        /// Its rule.
        public var rule: Rule
        /// Where the override was written.
        public var location: Location
    }

    /// One parameter's randomization.
    public struct Entry: Equatable, Sendable {
        /// The rule for every element without an override.
        public var rule: Rule
        /// One draw shared by every element that uses `rule` (per-joint and per-body parameters).
        public var shared: Bool
        /// Rules for named elements.
        public var overrides: [Override]
        /// The site a payload is fixed to (payload only).
        public var site: String?
        /// Where the entry was written.
        public var location: Location
    }

    /// The file the configuration came from (for messages), or a label such as `none`.
    public var file: String
    /// The per-episode parameters, each at most once.
    public var episode: [Parameter: Entry]
    /// The per-step noise.
    public var noise: RandomizationNoise

    /// Creates a configuration.
    public init(file: String, episode: [Parameter: Entry] = [:], noise: RandomizationNoise = RandomizationNoise()) {
        self.file = file
        self.episode = episode
        self.noise = noise
    }

    /// No randomization at all: the nominal model and noise-free steps.
    public static let none = RandomizationConfiguration(file: "none")

    /// Whether nothing is randomized.
    public var isEmpty: Bool { episode.isEmpty && noise.isZero }

    /// Reads and validates a `randomization.yaml` file.
    /// - Throws: `SteadyFileError` naming the file, line and field at fault.
    public static func load(contentsOf url: URL) throws -> RandomizationConfiguration {
        try parse(YAMLValue.load(contentsOf: url))
    }
}
