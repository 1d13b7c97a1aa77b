import CMuJoCo

/// What the physics-backed servo plant changes in its own copy of a model: actuators turned into
/// plain torque motors, and payloads added to bodies.
///
/// Like `SimModel+Parameters.swift`, mutate a `copy()`; call `recomputeConstants()` afterwards.
extension SimModel {
    /// The first gear ratio of `actuator` (MuJoCo's `actuator_gear[0]`): joint torque = gear × force.
    public func gear(of actuator: ActuatorID) -> Double {
        check(actuator)
        return handle.pointee.actuator_gear[6 * actuator.rawValue]
    }

    /// The velocity gain kv of a position servo (`biasprm[2] = −kv`; 0 when the MJCF gives none).
    public func velocityGain(of actuator: ActuatorID) -> Double {
        precondition(isPositionServo(actuator), "SimModel \(name): actuator \(actuator.rawValue) is not a position servo")
        return -handle.pointee.actuator_biasprm[Int(mjNBIAS) * actuator.rawValue + 2]
    }

    /// Turns `actuator` into a direct torque motor: no internal dynamics, force = `ctrl` (times
    /// the gear on the joint), control unlimited, force clamped to ±`forceLimit`.
    ///
    /// The servo plant computes the motor torque itself (position loop, speed–torque line) and
    /// writes it to `ctrl`; MuJoCo's own servo would otherwise add a second position loop.
    public func makeTorqueMotor(_ actuator: ActuatorID, forceLimit: Double) {
        check(actuator)
        precondition(forceLimit.isFinite && forceLimit > 0, "SimModel \(name): invalid force limit \(forceLimit)")
        let a = actuator.rawValue
        handle.pointee.actuator_dyntype[a] = Int32(mjDYN_NONE.rawValue)
        handle.pointee.actuator_gaintype[a] = Int32(mjGAIN_FIXED.rawValue)
        handle.pointee.actuator_biastype[a] = Int32(mjBIAS_NONE.rawValue)
        let gain = handle.pointee.actuator_gainprm + Int(mjNGAIN) * a
        let bias = handle.pointee.actuator_biasprm + Int(mjNBIAS) * a
        for i in 0..<Int(mjNGAIN) { gain[i] = i == 0 ? 1 : 0 }
        for i in 0..<Int(mjNBIAS) { bias[i] = 0 }
        handle.pointee.actuator_ctrllimited[a] = 0
        setForceRange(-forceLimit...forceLimit, of: actuator)
    }

    /// The centre of mass of `body` in its own frame, metres (MuJoCo's `body_ipos`).
    public func centerOfMass(of body: BodyID) -> SIMD3<Double> {
        check(body)
        let p = handle.pointee.body_ipos + 3 * body.rawValue
        return SIMD3(p[0], p[1], p[2])
    }

    /// Adds a point mass at `position` (metres, in the body's frame) to `body`: the body's mass,
    /// centre of mass and inertia become those of the rigid union (`BodyInertial.adding` with no
    /// radius).
    ///
    /// The combined inertia tensor is rediagonalized, so the principal frame (`body_iquat`) may
    /// turn.
    public func addPointMass(_ kilograms: Double, at position: SIMD3<Double>, to body: BodyID) {
        check(body)
        precondition(body.rawValue != 0, "SimModel \(name): cannot add mass to the world body")
        precondition(kilograms.isFinite && kilograms > 0, "SimModel \(name): invalid payload mass \(kilograms)")
        precondition(position.x.isFinite && position.y.isFinite && position.z.isFinite,
                     "SimModel \(name): invalid payload position")
        var union = inertial(of: body).adding(kilograms: kilograms, at: position, radiusMeters: 0)
        // A point mass on a massless body leaves a zero principal moment; keep it positive.
        for axis in 0..<3 { union.principalMoments[axis] = max(union.principalMoments[axis], 1e-9) }
        setInertial(union, of: body)
    }
}
