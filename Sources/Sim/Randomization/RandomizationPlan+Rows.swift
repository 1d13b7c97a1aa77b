import Foundation

/// A draw as a readable table: one row per randomized value, with its nominal value and rule.
extension RandomizationPlan {
    /// One randomized value of one episode.
    public struct Row: Equatable, Sendable {
        /// The parameter, e.g. `link_mass` or `joint_position_bias`.
        public var parameter: String
        /// The joint, body or site it belongs to (nil for global values).
        public var element: String?
        /// The unit of `nominal` and `drawn`.
        public var unit: String
        /// The model's value (0 for what the model does not have).
        public var nominal: Double
        /// This episode's value.
        public var drawn: Double
        /// How it was drawn, e.g. `×log-uniform[0.25, 4]`.
        public var rule: String
    }

    /// The randomized values of `draw`, parameter by parameter, in the configuration's order.
    public func rows(for draw: RandomizationDraw) -> [Row] {
        var rows: [Row] = []
        let episode = configuration.episode
        func add(_ parameter: RandomizationConfiguration.Parameter, names: [String], nominal: [Double], drawn: [Double]) {
            guard let entry = episode[parameter] else { return }
            for i in names.indices {
                let rule = entry.overrides.first { $0.name == names[i] }?.rule ?? entry.rule
                let note = entry.shared && entry.overrides.allSatisfy { $0.name != names[i] } ? " (shared)" : ""
                rows.append(Row(parameter: parameter.rawValue, element: names[i], unit: parameter.unit,
                                nominal: nominal[i], drawn: drawn[i], rule: rule.description + note))
            }
        }
        let zeros = Array(repeating: 0.0, count: jointNames.count)
        add(.linkMass, names: bodyNames, nominal: nominalInertials.map(\.massKilograms), drawn: draw.bodyMasses)
        add(.jointDamping, names: jointNames, nominal: nominalDamping, drawn: draw.damping)
        add(.frictionLoss, names: jointNames, nominal: nominalFrictionLoss, drawn: draw.frictionLoss)
        add(.armature, names: jointNames, nominal: nominalArmature, drawn: draw.armature)
        add(.actuatorGain, names: jointNames, nominal: nominalGains, drawn: draw.gains)
        if let gravity = episode[.gravity] {
            rows.append(Row(parameter: "gravity", element: nil, unit: "m/s²", nominal: (nominalGravity * nominalGravity).sum().squareRoot(),
                            drawn: (draw.gravity * draw.gravity).sum().squareRoot(), rule: gravity.rule.description))
        }
        if let payload = episode[.payloadMass] {
            rows.append(Row(parameter: "payload_mass", element: payload.site, unit: "kg", nominal: 0,
                            drawn: draw.payloadKilograms, rule: payload.rule.description))
        }
        if let delay = episode[.actionDelay] {
            rows.append(Row(parameter: "action_delay", element: nil, unit: "ticks", nominal: 0,
                            drawn: Double(draw.actionDelayTicks), rule: delay.rule.description + " (whole ticks)"))
        }
        add(.backlash, names: jointNames, nominal: zeros, drawn: draw.backlashRadians)

        let noise = configuration.noise
        func biasRows(_ parameter: String, _ names: [String], _ unit: String, _ sigma: Double, _ drawn: [Double]) {
            guard sigma > 0 else { return }
            for i in names.indices {
                rows.append(Row(parameter: parameter, element: names[i], unit: unit, nominal: 0, drawn: drawn[i],
                                rule: "gaussian(0, σ \(RandomizationDistribution.format(sigma)))"))
            }
        }
        biasRows("joint_position_bias", jointNames, "rad", noise.jointPosition.bias, draw.jointPositionBias)
        biasRows("joint_velocity_bias", jointNames, "rad/s", noise.jointVelocity.bias, draw.jointVelocityBias)
        let pointNames = (0..<observedPointCount).flatMap { p in ["x", "y", "z"].map { "point\(p).\($0)" } }
        biasRows("end_effector_bias", pointNames, "m", noise.endEffector.bias, draw.endEffectorBias)
        return rows
    }

    /// Formats rows as an aligned text table with a header line.
    public static func table(_ rows: [Row]) -> String {
        let header = ["parameter", "element", "unit", "nominal", "drawn", "ratio", "distribution"]
        var lines = [header]
        for row in rows {
            let ratio = row.nominal != 0 ? String(format: "%.3f", row.drawn / row.nominal) : "-"
            lines.append([row.parameter, row.element ?? "-", row.unit, number(row.nominal), number(row.drawn), ratio, row.rule])
        }
        var widths = Array(repeating: 0, count: header.count)
        for line in lines { for (i, cell) in line.enumerated() { widths[i] = max(widths[i], cell.count) } }
        return lines.map { line in
            line.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                // Numbers right-aligned, text left-aligned.
                return (3...5).contains(i) ? pad + cell : cell + pad
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }

    private static func number(_ value: Double) -> String {
        if value == 0 { return "0" }
        let magnitude = abs(value)
        return magnitude >= 1e-3 && magnitude < 1e5 ? String(format: "%.4g", value) : String(format: "%.3e", value)
    }
}
