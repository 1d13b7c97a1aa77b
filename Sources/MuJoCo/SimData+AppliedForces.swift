import CMuJoCo

/// Generalized forces applied directly to degrees of freedom (MuJoCo's `qfrc_applied`), e.g. by
/// a servo plant for joints the MJCF gives no actuator.
extension SimData {
    /// The applied generalized force on degree of freedom `dof` (MuJoCo's `qfrc_applied`), N·m or N.
    public func appliedForce(atDof dof: Int) -> Double {
        model.check(dof: dof)
        return handle.pointee.qfrc_applied[dof]
    }

    /// Sets the applied generalized force on degree of freedom `dof`; it stays until changed.
    public func setAppliedForce(_ value: Double, atDof dof: Int) {
        model.check(dof: dof)
        precondition(value.isFinite, "SimData \(model.name): non-finite applied force \(value)")
        handle.pointee.qfrc_applied[dof] = value
    }
}
