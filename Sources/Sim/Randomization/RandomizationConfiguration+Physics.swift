import SteadyCore

/// A physics override file (a "real" arm such as `robots/so101/physics-real.yaml`) as a
/// randomization that always draws the same point, so a simulated task can be evaluated
/// zero-shot on the shifted dynamics (`steady eval --physics FILE`).
extension RandomizationConfiguration {
    /// The fields of an override file that a simulated task has no counterpart for (its servos
    /// are MuJoCo position actuators; heat is not simulated), in the file's terms.
    public static let physicsFieldsWithoutTaskCounterpart = "kd, force_limit, no_load_speed, thermal_*, timestep, ambient_temperature"

    /// The degenerate randomization that puts a task's model at the point `physics` describes.
    ///
    /// Mapping: joint `damping`, `frictionloss`, `armature` and `kp` scales → `joint_damping`,
    /// `friction_loss`, `armature`, `actuator_gain` factors; `backlash` → `backlash`; body
    /// `mass` scales → `link_mass`; the payloads' total mass → `payload_mass` at the `ee` site
    /// (the task's only payload point); `gravity` → `gravity`; `action_delay_ticks` →
    /// `action_delay`; `encoder_noise` → joint-position observation noise. Fields listed in
    /// `physicsFieldsWithoutTaskCounterpart` are skipped and returned in `skipped`.
    /// - Throws: `SteadyFileError.malformed` at the entry for an absolute damping, friction,
    ///   armature, kp or mass (a task's nominal values come from model.xml, so the file must
    ///   give factors on them).
    public init(fixedAt physics: PhysicsOverrides) throws {
        self.init(file: physics.file)
        func point(_ value: Double) -> RandomizationDistribution { .uniform(lower: value, upper: value) }
        for edit in physics.joints {
            let parameter: Parameter
            switch edit.field {
            case .damping: parameter = .jointDamping
            case .frictionloss: parameter = .frictionLoss
            case .armature: parameter = .armature
            case .kp: parameter = .actuatorGain
            case .backlash: parameter = .backlash
            default: continue
            }
            let rule: Rule
            switch (parameter, edit.value) {
            case (.backlash, .absolute(let width)): rule = Rule(mode: .value, distribution: point(width))
            case (.backlash, .scale): throw edit.location.error("backlash needs a width in rad for a simulated task, not a scale")
            case (_, .scale(let factor)): rule = Rule(mode: .scale, distribution: point(factor))
            case (_, .absolute): throw edit.location.error("a simulated task takes \(edit.field.rawValue) as {scale: factor} on model.xml")
            }
            set(parameter, joint: edit.joint, rule: rule, location: edit.location)
        }
        for edit in physics.bodies {
            guard case .scale(let factor) = edit.mass else {
                throw edit.location.error("a simulated task takes a body mass as {scale: factor} on model.xml")
            }
            set(.linkMass, joint: edit.body, rule: Rule(mode: .scale, distribution: point(factor)), location: edit.location)
        }
        if let first = physics.payloads.first {
            let total = physics.payloads.map(\.massKilograms).reduce(0, +)
            episode[.payloadMass] = Entry(rule: Rule(mode: .value, distribution: point(total)), shared: false, overrides: [],
                                          site: "ee", location: first.location)
        }
        let here = FileLocation(file: physics.file, line: nil, field: "")
        switch physics.gravity {
        case .absolute(let vector)?:
            let magnitude = (vector * vector).sum().squareRoot()
            episode[.gravity] = Entry(rule: Rule(mode: .value, distribution: point(magnitude)), shared: false, overrides: [],
                                      site: nil, location: here)
        case .scale(let factor)?:
            episode[.gravity] = Entry(rule: Rule(mode: .scale, distribution: point(factor)), shared: false, overrides: [],
                                      site: nil, location: here)
        case nil: break
        }
        if let ticks = physics.actionDelayTicks {
            episode[.actionDelay] = Entry(rule: Rule(mode: .value, distribution: point(Double(ticks))), shared: false,
                                          overrides: [], site: nil, location: here)
        }
        if let encoder = physics.encoderNoise {
            noise.jointPosition = RandomizationNoise.Channel(white: encoder.white, bias: encoder.bias)
        }
    }

    /// Adds `rule` for one named joint or body (an override) or for all of them (nil name).
    /// A named scale composes with the `all` scale before it, as the twin applies the file
    /// (`all` first, then each name on top); a named value replaces it.
    private mutating func set(_ parameter: Parameter, joint name: String?, rule: Rule, location: Location) {
        let identity = parameter.allowsScale ? Rule(mode: .scale, distribution: .uniform(lower: 1, upper: 1))
            : Rule(mode: .value, distribution: .uniform(lower: 0, upper: 0))
        var entry = episode[parameter] ?? Entry(rule: identity, shared: false, overrides: [], site: nil, location: location)
        guard let name else {
            entry.rule = rule
            episode[parameter] = entry
            return
        }
        var composed = rule
        let before = entry.overrides.first { $0.name == name }?.rule ?? entry.rule
        if rule.mode == .scale, before.mode == .scale, case .uniform(let a, let b) = before.distribution, a == b,
           case .uniform(let factor, _) = rule.distribution {
            composed.distribution = .uniform(lower: a * factor, upper: a * factor)
        }
        entry.overrides.removeAll { $0.name == name }
        entry.overrides.append(Override(name: name, rule: composed, location: location))
        episode[parameter] = entry
    }
}
