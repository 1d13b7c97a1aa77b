import CMuJoCo

/// Actuators beyond their gains (`SimModel+Parameters.swift`): the gear, a position servo's
/// velocity gain, and turning an actuator into a plain torque motor (what a servo plant that
/// computes its own motor torque does to its copy of a model).
///
/// Like `SimModel+Parameters.swift`, mutate a `copy()`.
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
}
