import Foundation
import SteadyCore

/// Reading a physics override file (format in `PhysicsOverrides`), through `YAMLValue` so that
/// every error names file, line and field.
extension PhysicsOverrides {
    /// The key that addresses every joint or body.
    public static let allKey = "all"

    /// Reads and parses an override file.
    /// - Throws: `SteadyFileError` naming the file, and the line and field at fault.
    public static func load(contentsOf url: URL) throws -> PhysicsOverrides {
        try parse(try YAMLValue.load(contentsOf: url))
    }

    /// Parses an override document held in memory (`file` names it in errors).
    public static func parse(_ text: String, file: String) throws -> PhysicsOverrides {
        try parse(try YAMLValue.parse(text, file: file))
    }

    /// Parses an already-read override document.
    public static func parse(_ root: YAMLValue) throws -> PhysicsOverrides {
        var overrides = PhysicsOverrides(file: root.file)
        try root.rejectUnknownKeys(allowed: ["gravity", "timestep", "ambient_temperature", "joints", "bodies", "payload",
                                             "action_delay_ticks", "encoder_noise"])
        if let node = try root.optional("action_delay_ticks") {
            let ticks = try node.int()
            guard (0...10).contains(ticks) else { throw node.error("expected 0 to 10 control ticks, got \(ticks)") }
            overrides.actionDelayTicks = ticks
        }
        if let node = try root.optional("encoder_noise") {
            try node.rejectUnknownKeys(allowed: ["white", "bias"])
            func radians(_ key: String) throws -> Double {
                guard let child = try node.optional(key) else { return 0 }
                let value = try child.double()
                guard value >= 0 && value < 0.1 else { throw child.error("expected 0 to 0.1 rad, got \(value)") }
                return value
            }
            overrides.encoderNoise = (white: try radians("white"), bias: try radians("bias"))
        }
        if let node = try root.optional("gravity") {
            if (try? node.elements()) != nil {
                let g = try node.doubles(count: 3)
                overrides.gravity = .absolute(SIMD3(g[0], g[1], g[2]))
            } else if case let .scale(factor) = try value(node, positive: false) {
                overrides.gravity = .scale(factor)
            } else {
                throw node.error("expected a vector [x, y, z] in m/s² or {scale: factor}")
            }
        }
        if let node = try root.optional("timestep") {
            let step = try value(node, positive: true)
            if case let .absolute(seconds) = step, seconds > 0.01 {
                throw node.error("\(seconds) s is too long for a servo twin (at most 0.01 s)")
            }
            overrides.timestep = step
        }
        if let node = try root.optional("ambient_temperature") {
            overrides.ambientCelsius = try value(node, positive: false, allowNegative: true)
        }
        if let node = try root.optional("joints") {
            for (name, entry) in try namedEntries(node) {
                try entry.rejectUnknownKeys(allowed: Set(JointField.allCases.map(\.rawValue)))
                for key in try entry.keys() {
                    let field = JointField(rawValue: key)!
                    let child = try entry.required(key)
                    let parsed = try value(child, positive: field.mustBePositive)
                    if field == .backlash, case let .absolute(width) = parsed, width >= 0.5 {
                        throw child.error("\(width) rad of play is not a gear train (expected less than 0.5)")
                    }
                    overrides.joints.append(JointEdit(joint: name, field: field, value: parsed, location: Location(child)))
                }
            }
        }
        if let node = try root.optional("bodies") {
            for (name, entry) in try namedEntries(node) {
                try entry.rejectUnknownKeys(allowed: ["mass"])
                if let child = try entry.optional("mass") {
                    overrides.bodies.append(BodyEdit(body: name, mass: try value(child, positive: true), location: Location(child)))
                }
            }
        }
        if let node = try root.optional("payload") {
            let items = (try? node.elements()) ?? [node]
            for item in items {
                try item.rejectUnknownKeys(allowed: ["body", "mass", "position"])
                let massNode = try item.required("mass")
                let mass = try massNode.double()
                guard mass > 0 else { throw massNode.error("a payload needs a positive mass in kg, got \(mass)") }
                var position = SIMD3<Double>(0, 0, 0)
                if let positionNode = try item.optional("position") {
                    let p = try positionNode.doubles(count: 3)
                    position = SIMD3(p[0], p[1], p[2])
                }
                let bodyNode = try item.required("body")
                overrides.payloads.append(Payload(body: try bodyNode.string(), massKilograms: mass, position: position,
                                                  location: Location(bodyNode)))
            }
        }
        return overrides
    }

    /// The entries of a `joints:` or `bodies:` mapping, `all` first (as nil), then in file order.
    private static func namedEntries(_ node: YAMLValue) throws -> [(String?, YAMLValue)] {
        var entries: [(String?, YAMLValue)] = []
        for key in try node.keys() {
            let entry = try node.required(key)
            _ = try entry.keys()   // each entry must be a mapping of fields
            if key == allKey { entries.insert((nil, entry), at: 0) } else { entries.append((key, entry)) }
        }
        return entries
    }

    /// A number (absolute) or `{scale: f}`, checked for range.
    private static func value(_ node: YAMLValue, positive: Bool, allowNegative: Bool = false) throws -> Value {
        if (try? node.keys()) != nil {
            try node.rejectUnknownKeys(allowed: ["scale"])
            let factorNode = try node.required("scale")
            let factor = try factorNode.double()
            guard positive ? factor > 0 : factor >= 0 else {
                throw factorNode.error("scale must be \(positive ? "positive" : "zero or positive"), got \(factor)")
            }
            return .scale(factor)
        }
        guard (try? node.string()) != nil else { throw node.error("expected a number or {scale: factor}") }
        let number = try node.double()
        if !allowNegative {
            guard positive ? number > 0 : number >= 0 else {
                throw node.error("must be \(positive ? "positive" : "zero or positive"), got \(number)")
            }
        }
        return .absolute(number)
    }
}
