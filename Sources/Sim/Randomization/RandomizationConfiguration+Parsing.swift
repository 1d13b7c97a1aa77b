import SteadyCore

/// Reading `randomization.yaml`: every field is checked here, so that a typo or an impossible
/// range is an error naming file, line and field before any episode runs.
extension RandomizationConfiguration {
    /// Parses an already-read `randomization.yaml` document.
    /// - Throws: `SteadyFileError.malformed` naming the file, line and field.
    public static func parse(_ root: YAMLValue) throws -> RandomizationConfiguration {
        try root.rejectUnknownKeys(allowed: ["episode", "step"])
        var configuration = RandomizationConfiguration(file: root.file)
        if let episode = try root.optional("episode") {
            let allowed = Parameter.allCases.map(\.rawValue)
            try episode.rejectUnknownKeys(allowed: Set(allowed))
            for parameter in Parameter.allCases {
                guard let node = try episode.optional(parameter.rawValue) else { continue }
                configuration.episode[parameter] = try parseEntry(node, parameter: parameter)
            }
        }
        if let step = try root.optional("step") {
            configuration.noise = try parseNoise(step)
        }
        return configuration
    }

    private static func parseEntry(_ node: YAMLValue, parameter: Parameter) throws -> Entry {
        var allowed: Set<String> = ["scale", "value"]
        let overridesKey: String?
        switch parameter.scope {
        case .body: overridesKey = "bodies"
        case .joint: overridesKey = "joints"
        case .global: overridesKey = nil
        }
        if let overridesKey { allowed.formUnion([overridesKey, "shared"]) }
        if parameter == .payloadMass { allowed.insert("site") }
        try node.rejectUnknownKeys(allowed: allowed)

        let rule = try parseRule(node, parameter: parameter)
        let shared = try node.optional("shared")?.bool() ?? false
        var overrides: [Override] = []
        if let overridesKey, let map = try node.optional(overridesKey) {
            for name in try map.keys() {
                let child = try map.required(name)
                try child.rejectUnknownKeys(allowed: ["scale", "value"])
                overrides.append(Override(name: name, rule: try parseRule(child, parameter: parameter),
                                          location: Location(child)))
            }
        }
        let site = try node.optional("site")?.string()
        return Entry(rule: rule, shared: shared, overrides: overrides,
                     site: parameter == .payloadMass ? (site ?? "ee") : nil, location: Location(node))
    }

    /// Reads `scale:` or `value:` and checks that every draw gives a usable value.
    private static func parseRule(_ node: YAMLValue, parameter: Parameter) throws -> Rule {
        let scale = try node.optional("scale"), value = try node.optional("value")
        guard (scale == nil) != (value == nil) else {
            throw node.error(parameter.allowsScale
                             ? "give exactly one of scale: (a factor on the model's value) or value: (the value itself)"
                             : "give value: (the \(parameter) in \(parameter.unit)); scale: does not apply")
        }
        if let scale, !parameter.allowsScale {
            throw scale.error("\(parameter) has no nominal value to scale; give value: in \(parameter.unit)")
        }
        let mode: Mode = scale != nil ? .scale : .value
        let distributionNode = (scale ?? value)!
        let distribution = try RandomizationDistribution.parse(distributionNode)
        let support = distribution.support

        // A scaled gravity may flip sign; everything else must stay non-negative.
        if !(parameter == .gravity && mode == .scale) && support.lowerBound < 0 {
            throw distributionNode.error("\(parameter) \(mode.rawValue) can be drawn negative (\(distribution)); "
                                         + "use bounds or a gaussian clip at or above 0")
        }
        if parameter == .linkMass && support.lowerBound <= 0 {
            throw distributionNode.error("link_mass must stay above 0 (\(distribution)); a massless moving body has no dynamics")
        }
        if parameter == .actionDelay && !distribution.isBounded {
            throw distributionNode.error("action_delay needs a bounded distribution (uniform, log_uniform or a clipped gaussian)")
        }
        return Rule(mode: mode, distribution: distribution)
    }

    private static func parseNoise(_ node: YAMLValue) throws -> RandomizationNoise {
        try node.rejectUnknownKeys(allowed: ["observation_noise", "action_noise", "control_jitter"])
        var noise = RandomizationNoise()
        if let observation = try node.optional("observation_noise") {
            try observation.rejectUnknownKeys(allowed: ["joint_position", "joint_velocity", "end_effector"])
            if let channel = try observation.optional("joint_position") { noise.jointPosition = try parseChannel(channel) }
            if let channel = try observation.optional("joint_velocity") { noise.jointVelocity = try parseChannel(channel) }
            if let channel = try observation.optional("end_effector") { noise.endEffector = try parseChannel(channel) }
        }
        if let action = try node.optional("action_noise") {
            try action.rejectUnknownKeys(allowed: ["white"])
            noise.actionStandardDeviation = try nonNegative(action.required("white"))
        }
        if let jitter = try node.optional("control_jitter") {
            try jitter.rejectUnknownKeys(allowed: ["substeps", "timestep_scale"])
            if let substeps = try jitter.optional("substeps") {
                let value = try substeps.int()
                guard value >= 0 else { throw substeps.error("must not be negative, got \(value)") }
                noise.substepJitter = value
            }
            if let scaleNode = try jitter.optional("timestep_scale") {
                let scale = try RandomizationDistribution.parse(scaleNode)
                guard scale.support.lowerBound > 0 else {
                    throw scaleNode.error("timestep_scale must stay above 0 (\(scale)); bound it or clip it")
                }
                noise.timestepScale = scale
            }
        }
        return noise
    }

    private static func parseChannel(_ node: YAMLValue) throws -> RandomizationNoise.Channel {
        try node.rejectUnknownKeys(allowed: ["white", "bias", "ou"])
        var channel = RandomizationNoise.Channel()
        if let white = try node.optional("white") { channel.white = try nonNegative(white) }
        if let bias = try node.optional("bias") { channel.bias = try nonNegative(bias) }
        if let ou = try node.optional("ou") {
            try ou.rejectUnknownKeys(allowed: ["std", "time_constant"])
            channel.driftStandardDeviation = try nonNegative(ou.required("std"))
            let tauNode = try ou.required("time_constant")
            let tau = try tauNode.double()
            guard tau > 0 else { throw tauNode.error("time_constant must be positive (seconds), got \(tau)") }
            channel.driftTimeConstantSeconds = tau
        }
        return channel
    }

    private static func nonNegative(_ node: YAMLValue) throws -> Double {
        let value = try node.double()
        guard value >= 0 else { throw node.error("must not be negative, got \(value)") }
        return value
    }
}
