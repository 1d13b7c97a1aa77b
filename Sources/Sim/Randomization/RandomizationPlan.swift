import MuJoCo
import SteadyCore

/// A `RandomizationConfiguration` bound to one model and one robot's joints: names resolved to
/// ids, nominal values captured, ready to draw an episode's parameters and write them into a
/// model copy.
///
/// The plan reads the nominal model once, at creation, and never writes to it: `apply(_:to:)`
/// writes into the copy a task steps (`SimModel.copy()`), always starting again from the
/// captured nominal values, so episodes never compound.
public final class RandomizationPlan {
    /// The configuration this plan carries out.
    public let configuration: RandomizationConfiguration
    /// The randomized joints, in the task's order.
    public let jointNames: [String]
    /// The moving bodies with mass, whose masses are randomized, in model order.
    public let bodyNames: [String]
    /// How many points (3 coordinates each) the task observes, for end-effector biases.
    public let observedPointCount: Int
    /// The largest action delay a draw can give, control ticks.
    public let maximumActionDelayTicks: Int

    let bodies: [BodyID]
    let dofs: [Int]
    let actuators: [ActuatorID]
    let nominalInertials: [SimModel.BodyInertial]
    let nominalDamping: [Double]
    let nominalFrictionLoss: [Double]
    let nominalArmature: [Double]
    let nominalGains: [Double]
    let nominalGravity: SIMD3<Double>
    /// The payload's body (index into `bodies`) and point in that body's frame.
    let payload: (bodyIndex: Int, point: SIMD3<Double>)?

    /// Binds `configuration` to `model` for the joints `jointNames` (each driven by a position
    /// servo named like it).
    ///
    /// - Throws: `SteadyFileError.malformed` at the line of a `joints:`/`bodies:` override or a
    ///   payload `site:` that names nothing in the model, listing the names that exist;
    ///   `SimError.unknownName` when a joint or its servo is missing from the model.
    public init(configuration: RandomizationConfiguration, model: SimModel, jointNames: [String],
                observedPointCount: Int = 1) throws {
        self.configuration = configuration
        self.jointNames = jointNames
        self.observedPointCount = observedPointCount
        // Massless bodies (frames between joints) have nothing to randomize.
        bodies = model.movingBodies.filter { model.mass(of: $0) > 0 }
        bodyNames = bodies.map { model.name(of: .body, id: $0.rawValue) ?? "body\($0.rawValue)" }
        let joints = try jointNames.map { try model.joint(named: $0) }
        dofs = joints.map { model.dofAddress(of: $0) }
        actuators = try jointNames.map { try model.actuator(named: $0) }
        nominalInertials = bodies.map { model.inertial(of: $0) }
        nominalDamping = dofs.map { model.damping(atDof: $0) }
        nominalFrictionLoss = dofs.map { model.frictionLoss(atDof: $0) }
        nominalArmature = dofs.map { model.armature(atDof: $0) }
        nominalGravity = model.gravity
        if configuration.episode[.actuatorGain] != nil {
            for (name, servo) in zip(jointNames, actuators) where !model.isPositionServo(servo) {
                throw configuration.episode[.actuatorGain]!.location.error(
                    "actuator '\(name)' of \(model.name) is not a position servo, so its gain cannot be randomized")
            }
        }
        nominalGains = actuators.map { model.isPositionServo($0) ? model.positionGain(of: $0) : 0 }

        var payload: (Int, SIMD3<Double>)?
        if let entry = configuration.episode[.payloadMass], let siteName = entry.site {
            let siteNames = model.names(of: .site)
            guard let site = try? model.site(named: siteName) else {
                throw entry.location.error("payload site '\(siteName)' is not in \(model.name) (known sites: \(siteNames.joined(separator: ", ")))")
            }
            let body = model.body(of: site)
            guard let index = bodies.firstIndex(of: body) else {
                throw entry.location.error("payload site '\(siteName)' is on a body that does not move or has no mass")
            }
            payload = (index, model.localPosition(of: site))
        }
        self.payload = payload

        var maximumDelay = 0
        if let delay = configuration.episode[.actionDelay] {
            maximumDelay = max(0, Int(delay.rule.distribution.support.upperBound.rounded(.down)))
        }
        maximumActionDelayTicks = maximumDelay

        for (parameter, entry) in configuration.episode {
            let known: [String]
            switch parameter.scope {
            case .body: known = bodyNames
            case .joint: known = jointNames
            case .global: known = []
            }
            for override in entry.overrides where !known.contains(override.name) {
                let kind = parameter.scope == .body ? "moving body" : "joint"
                throw override.location.error("unknown \(kind) '\(override.name)' (known \(kind == "joint" ? "joints" : "moving bodies"): \(known.joined(separator: ", ")))")
            }
        }
    }

    /// The episode with nothing randomized: nominal values, no payload, delay, backlash or bias.
    public func nominalDraw() -> RandomizationDraw {
        let n = jointNames.count
        return RandomizationDraw(
            bodyMasses: nominalInertials.map(\.massKilograms), damping: nominalDamping, frictionLoss: nominalFrictionLoss,
            armature: nominalArmature, gains: nominalGains, gravity: nominalGravity, payloadKilograms: 0,
            actionDelayTicks: 0, backlashRadians: Array(repeating: 0, count: n),
            jointPositionBias: Array(repeating: 0, count: n), jointVelocityBias: Array(repeating: 0, count: n),
            endEffectorBias: Array(repeating: 0, count: 3 * observedPointCount))
    }

    /// Draws one episode's values, in a fixed order so that a seed fixes every value.
    public func draw(using generator: inout SeededGenerator) -> RandomizationDraw {
        var draw = nominalDraw()
        let episode = configuration.episode
        draw.bodyMasses = drawElements(.linkMass, nominal: draw.bodyMasses, names: bodyNames, &generator)
        draw.damping = drawElements(.jointDamping, nominal: nominalDamping, names: jointNames, &generator)
        draw.frictionLoss = drawElements(.frictionLoss, nominal: nominalFrictionLoss, names: jointNames, &generator)
        draw.armature = drawElements(.armature, nominal: nominalArmature, names: jointNames, &generator)
        draw.gains = drawElements(.actuatorGain, nominal: nominalGains, names: jointNames, &generator)
        if let gravity = episode[.gravity] {
            let x = gravity.rule.distribution.sample(using: &generator)
            draw.gravity = gravity.rule.mode == .scale ? nominalGravity * x : SIMD3(0, 0, -x)
        }
        if let payload = episode[.payloadMass] {
            draw.payloadKilograms = payload.rule.distribution.sample(using: &generator)
        }
        if let delay = episode[.actionDelay] {
            draw.actionDelayTicks = max(0, delay.rule.distribution.sampleInteger(using: &generator))
        }
        draw.backlashRadians = drawElements(.backlash, nominal: draw.backlashRadians, names: jointNames, &generator)

        let noise = configuration.noise
        func biases(_ standardDeviation: Double, count: Int) -> [Double] {
            guard standardDeviation > 0 else { return Array(repeating: 0, count: count) }
            return (0..<count).map { _ in generator.gaussian(mean: 0, standardDeviation: standardDeviation) }
        }
        draw.jointPositionBias = biases(noise.jointPosition.bias, count: jointNames.count)
        draw.jointVelocityBias = biases(noise.jointVelocity.bias, count: jointNames.count)
        draw.endEffectorBias = biases(noise.endEffector.bias, count: 3 * observedPointCount)
        return draw
    }

    /// Draws one value per element: the shared draw (if `shared`) or its own, the override's
    /// rule where one is given, as a factor on `nominal` or as the value.
    private func drawElements(_ parameter: RandomizationConfiguration.Parameter, nominal: [Double], names: [String],
                              _ generator: inout SeededGenerator) -> [Double] {
        guard let entry = configuration.episode[parameter] else { return nominal }
        let sharedDraw = entry.shared ? entry.rule.distribution.sample(using: &generator) : nil
        return names.indices.map { i in
            let override = entry.overrides.first { $0.name == names[i] }
            let rule = override?.rule ?? entry.rule
            let x = (override == nil ? sharedDraw : nil) ?? rule.distribution.sample(using: &generator)
            return rule.mode == .scale ? nominal[i] * x : x
        }
    }

    /// Writes `draw`'s physical parameters into `model`, a copy of the model this plan was built
    /// from. Timing and noise values (delay, backlash, biases) are the task's to apply.
    public func apply(_ draw: RandomizationDraw, to model: SimModel) {
        let episode = configuration.episode
        let massChanges = episode[.linkMass] != nil || episode[.payloadMass] != nil
        if massChanges {
            for (i, body) in bodies.enumerated() {
                let nominalMass = nominalInertials[i].massKilograms
                // A massless body (a frame between joints) keeps its zero mass.
                var inertial = nominalInertials[i].scaled(by: nominalMass > 0 ? draw.bodyMasses[i] / nominalMass : 1)
                if let payload, payload.bodyIndex == i {
                    inertial = inertial.adding(kilograms: draw.payloadKilograms, at: payload.point)
                }
                model.setInertial(inertial, of: body)
            }
        }
        for (i, dof) in dofs.enumerated() {
            if episode[.jointDamping] != nil { model.setDamping(draw.damping[i], atDof: dof) }
            if episode[.frictionLoss] != nil { model.setFrictionLoss(draw.frictionLoss[i], atDof: dof) }
            if episode[.armature] != nil { model.setArmature(draw.armature[i], atDof: dof) }
            if episode[.actuatorGain] != nil { model.setPositionGain(draw.gains[i], of: actuators[i]) }
        }
        if episode[.gravity] != nil { model.gravity = draw.gravity }
        if massChanges || episode[.armature] != nil { model.recomputeConstants() }
    }
}
