import Foundation
import MuJoCo
import SteadyCore

/// Applying a `PhysicsOverrides` file to the plant's model copy and servo parameters.
extension MuJoCoPlant {
    /// Applies `overrides` and returns what changed.
    ///
    /// `servoJoints` are the robot's joints (name and model id) in motor order, matching `servos`.
    /// - Throws: a `SteadyFileError` at the entry's file, line and field for an unknown joint or
    ///   body (listing the known ones) or a change that leaves a value out of range.
    static func apply(_ overrides: PhysicsOverrides, to model: SimModel, servos: inout [PhysicsServoParameters],
                      servoJoints: [(name: String, id: JointID)]) throws -> [PhysicsOverrides.Change] {
        var changes: [PhysicsOverrides.Change] = []
        func record(_ field: String, _ before: String, _ after: String) {
            if before != after { changes.append(.init(source: overrides.file, field: field, before: before, after: after)) }
        }

        if let gravity = overrides.gravity {
            let before = model.gravity
            switch gravity {
            case let .absolute(vector): model.gravity = vector
            case let .scale(factor): model.gravity = before * factor
            }
            record("gravity", format(before), format(model.gravity))
        }
        if let timestep = overrides.timestep {
            let before = model.timestepSeconds
            let after = timestep.applied(to: before)
            guard after > 0, after <= 0.01 else {
                throw SteadyFileError.malformed(path: overrides.file, line: nil, field: "timestep",
                                                reason: "gives \(format(after)) s (expected more than 0 and at most 0.01)")
            }
            model.timestepSeconds = after
            record("timestep", format(before), format(after))
        }
        if let ambient = overrides.ambientCelsius, !servos.isEmpty {
            let before = servos[0].thermal.ambientCelsius
            for index in servos.indices {
                servos[index].thermal.ambientCelsius = ambient.applied(to: servos[index].thermal.ambientCelsius)
            }
            record("ambient_temperature", format(before), format(servos[0].thermal.ambientCelsius))
        }

        let otherJoints = model.names(of: .joint).filter { name in !servoJoints.contains { $0.name == name } }
        for edit in overrides.joints {
            let isServoField = ![.damping, .frictionloss, .armature].contains(edit.field)
            var targets: [(name: String, id: JointID, servo: Int?)] = []
            if let name = edit.joint {
                if let index = servoJoints.firstIndex(where: { $0.name == name }) {
                    targets = [(name, servoJoints[index].id, index)]
                } else if otherJoints.contains(name), let id = try? model.joint(named: name), model.isScalar(id) {
                    guard !isServoField else {
                        throw edit.location.error("joint '\(name)' has no servo, so it has no \(edit.field.rawValue) (servo joints: \(servoJoints.map(\.name).joined(separator: ", ")))")
                    }
                    targets = [(name, id, nil)]
                } else {
                    let known = servoJoints.map(\.name) + otherJoints
                    throw edit.location.error("unknown joint '\(name)' (known joints: \(known.joined(separator: ", ")))")
                }
            } else {
                targets = servoJoints.enumerated().map { ($0.element.name, $0.element.id, $0.offset) }
            }
            for target in targets {
                let dof = model.dofAddress(of: target.id)
                let field = "joints.\(target.name).\(edit.field.rawValue)"
                let before: Double
                switch edit.field {
                case .damping: before = model.damping(atDof: dof)
                case .frictionloss: before = model.frictionLoss(atDof: dof)
                case .armature: before = model.armature(atDof: dof)
                default: before = servos[target.servo!].value(of: edit.field)
                }
                let after = edit.value.applied(to: before)
                if edit.field == .backlash, after >= 0.5 {
                    throw edit.location.error("gives \(format(after)) rad of play on \(target.name) (expected less than 0.5)")
                }
                switch edit.field {
                case .damping: model.setDamping(after, atDof: dof)
                case .frictionloss: model.setFrictionLoss(after, atDof: dof)
                case .armature: model.setArmature(after, atDof: dof)
                default: servos[target.servo!].setValue(after, of: edit.field)
                }
                record(field, format(before), format(after) + " " + edit.field.unit)
            }
        }

        let bodies = (1..<model.count(of: .body)).compactMap { id in model.name(of: .body, id: id).map { ($0, BodyID(rawValue: id)) } }
        for edit in overrides.bodies {
            var targets: [(name: String, id: BodyID)]
            if let name = edit.body {
                guard let body = bodies.first(where: { $0.0 == name }) else {
                    throw edit.location.error("unknown body '\(name)' (known bodies: \(bodies.map(\.0).joined(separator: ", ")))")
                }
                guard model.mass(of: body.1) > 0 else {
                    throw edit.location.error("body '\(name)' has no mass to change; attach a payload instead")
                }
                targets = [body]
            } else {
                targets = bodies.filter { model.mass(of: $0.1) > 0 }
            }
            for target in targets {
                let before = model.mass(of: target.id)
                model.setMass(edit.mass.applied(to: before), of: target.id)
                record("bodies.\(target.name).mass", format(before), format(model.mass(of: target.id)) + " kg")
            }
        }

        for payload in overrides.payloads {
            guard let body = bodies.first(where: { $0.0 == payload.body }) else {
                throw payload.location.error("unknown body '\(payload.body)' (known bodies: \(bodies.map(\.0).joined(separator: ", ")))")
            }
            let before = model.mass(of: body.1)
            model.addPointMass(payload.massKilograms, at: payload.position, to: body.1)
            record("bodies.\(body.0).mass (payload at \(format(payload.position)) m)", format(before),
                   format(model.mass(of: body.1)) + " kg")
        }
        return changes
    }

    /// A number in the shortest form that keeps six significant digits.
    static func format(_ value: Double) -> String { String(format: "%g", value) }

    static func format(_ vector: SIMD3<Double>) -> String {
        "[\(format(vector.x)), \(format(vector.y)), \(format(vector.z))]"
    }
}

extension PhysicsServoParameters {
    /// The value of a servo field of an override file.
    func value(of field: PhysicsOverrides.JointField) -> Double {
        switch field {
        case .kp: return kp
        case .kd: return kd
        case .forceLimit: return forceLimitNewtonMeters
        case .noLoadSpeed: return noLoadSpeedRadiansPerSecond
        case .backlash: return backlashRadians
        case .thermalResistance: return thermal.thermalResistanceKelvinPerWatt
        case .thermalCapacitance: return thermal.heatCapacityJoulesPerKelvin
        case .damping, .frictionloss, .armature: preconditionFailure("\(field) is a model parameter")
        }
    }

    /// Sets a servo field of an override file.
    mutating func setValue(_ value: Double, of field: PhysicsOverrides.JointField) {
        switch field {
        case .kp: kp = value
        case .kd: kd = value
        case .forceLimit: forceLimitNewtonMeters = value
        case .noLoadSpeed: noLoadSpeedRadiansPerSecond = value
        case .backlash: backlashRadians = value
        case .thermalResistance: thermal.thermalResistanceKelvinPerWatt = value
        case .thermalCapacitance: thermal.heatCapacityJoulesPerKelvin = value
        case .damping, .frictionloss, .armature: preconditionFailure("\(field) is a model parameter")
        }
    }
}
