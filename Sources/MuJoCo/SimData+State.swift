import CMuJoCo

/// Reading and writing the simulation state: whole vectors as arrays, single joints,
/// actuators, sites and sensors by typed id. Lengths and ids are checked before C is touched.
extension SimData {
    private func read(_ pointer: UnsafeMutablePointer<mjtNum>?, count: Int) -> [Double] {
        guard count > 0, let pointer else { return [] }
        return Array(UnsafeBufferPointer(start: pointer, count: count))
    }

    private func write(_ values: [Double], to pointer: UnsafeMutablePointer<mjtNum>?, count: Int, _ what: String) {
        precondition(values.count == count, "SimData \(model.name): \(what) needs \(count) values, got \(values.count)")
        guard count > 0, let pointer else { return }
        values.withUnsafeBufferPointer { pointer.update(from: $0.baseAddress!, count: count) }
    }

    /// Generalized positions (`nq` values: radians for hinges, metres for slides).
    public var qpos: [Double] {
        get { read(handle.pointee.qpos, count: model.qposCount) }
        set { write(newValue, to: handle.pointee.qpos, count: model.qposCount, "qpos") }
    }

    /// Generalized velocities (`nv` values).
    public var qvel: [Double] {
        get { read(handle.pointee.qvel, count: model.dofCount) }
        set { write(newValue, to: handle.pointee.qvel, count: model.dofCount, "qvel") }
    }

    /// Actuator controls (`nu` values; for position servos, target positions).
    public var ctrl: [Double] {
        get { read(handle.pointee.ctrl, count: model.actuatorCount) }
        set { write(newValue, to: handle.pointee.ctrl, count: model.actuatorCount, "ctrl") }
    }

    /// Actuator activations (`na` values).
    public var act: [Double] {
        get { read(handle.pointee.act, count: model.activationCount) }
        set { write(newValue, to: handle.pointee.act, count: model.activationCount, "act") }
    }

    /// Every sensor's output, concatenated (`nsensordata` values), as of the last step or forward.
    public var sensorData: [Double] {
        read(handle.pointee.sensordata, count: model.sensorDataCount)
    }

    /// The position of a hinge or slide joint.
    public func position(of joint: JointID) -> Double {
        precondition(model.isScalar(joint), "SimData \(model.name): joint \(joint.rawValue) is not a hinge or slide")
        return handle.pointee.qpos[model.qposAddress(of: joint)]
    }

    /// Sets the position of a hinge or slide joint (call `forward()` to update derived values).
    public func setPosition(_ value: Double, of joint: JointID) {
        precondition(model.isScalar(joint), "SimData \(model.name): joint \(joint.rawValue) is not a hinge or slide")
        handle.pointee.qpos[model.qposAddress(of: joint)] = value
    }

    /// The velocity of a hinge or slide joint.
    public func velocity(of joint: JointID) -> Double {
        precondition(model.isScalar(joint), "SimData \(model.name): joint \(joint.rawValue) is not a hinge or slide")
        return handle.pointee.qvel[model.dofAddress(of: joint)]
    }

    /// Sets the velocity of a hinge or slide joint.
    public func setVelocity(_ value: Double, of joint: JointID) {
        precondition(model.isScalar(joint), "SimData \(model.name): joint \(joint.rawValue) is not a hinge or slide")
        handle.pointee.qvel[model.dofAddress(of: joint)] = value
    }

    /// The control of one actuator.
    public func control(of actuator: ActuatorID) -> Double {
        model.check(actuator)
        return handle.pointee.ctrl[actuator.rawValue]
    }

    /// Sets the control of one actuator.
    public func setControl(_ value: Double, of actuator: ActuatorID) {
        model.check(actuator)
        handle.pointee.ctrl[actuator.rawValue] = value
    }

    /// The force (or torque) an actuator applied in the last step or forward, N or N·m.
    public func actuatorForce(of actuator: ActuatorID) -> Double {
        model.check(actuator)
        return handle.pointee.actuator_force[actuator.rawValue]
    }

    /// The world position of a site, metres, as of the last step or forward.
    public func position(of site: SiteID) -> SIMD3<Double> {
        model.check(site)
        let p = handle.pointee.site_xpos + 3 * site.rawValue
        return SIMD3(p[0], p[1], p[2])
    }

    /// One sensor's output, as of the last step or forward.
    public func values(of sensor: SensorID) -> [Double] {
        let range = model.sensorDataRange(of: sensor)
        return Array(UnsafeBufferPointer(start: handle.pointee.sensordata + range.lowerBound, count: range.count))
    }
}
