import CMuJoCo

/// Read-only structure of the model: where each joint's coordinates live, joint limits,
/// which joint an actuator drives, where a sensor writes, which bodies move, where sites sit.
extension SimModel {
    /// Stops with a clear message when an id does not belong to this model (a programmer error).
    func check(_ joint: JointID) {
        precondition(joint.rawValue >= 0 && joint.rawValue < count(of: .joint),
                     "SimModel \(name): joint id \(joint.rawValue) out of range")
    }

    func check(_ actuator: ActuatorID) {
        precondition(actuator.rawValue >= 0 && actuator.rawValue < actuatorCount,
                     "SimModel \(name): actuator id \(actuator.rawValue) out of range")
    }

    func check(_ body: BodyID) {
        precondition(body.rawValue >= 0 && body.rawValue < count(of: .body),
                     "SimModel \(name): body id \(body.rawValue) out of range")
    }

    func check(_ site: SiteID) {
        precondition(site.rawValue >= 0 && site.rawValue < count(of: .site),
                     "SimModel \(name): site id \(site.rawValue) out of range")
    }

    func check(_ sensor: SensorID) {
        precondition(sensor.rawValue >= 0 && sensor.rawValue < count(of: .sensor),
                     "SimModel \(name): sensor id \(sensor.rawValue) out of range")
    }

    func check(dof: Int) {
        precondition(dof >= 0 && dof < dofCount, "SimModel \(name): dof \(dof) out of range 0..<\(dofCount)")
    }

    /// Whether `joint` is a single-coordinate joint (hinge or slide).
    public func isScalar(_ joint: JointID) -> Bool {
        check(joint)
        let type = handle.pointee.jnt_type[joint.rawValue]
        return type == Int32(mjJNT_HINGE.rawValue) || type == Int32(mjJNT_SLIDE.rawValue)
    }

    /// Number of `qpos` entries of `joint`: 7 free, 4 ball, 1 hinge or slide.
    public func qposCount(of joint: JointID) -> Int {
        check(joint)
        switch handle.pointee.jnt_type[joint.rawValue] {
        case Int32(mjJNT_FREE.rawValue): return 7
        case Int32(mjJNT_BALL.rawValue): return 4
        default: return 1
        }
    }

    /// Number of degrees of freedom of `joint`: 6 free, 3 ball, 1 hinge or slide.
    public func dofCount(of joint: JointID) -> Int {
        check(joint)
        switch handle.pointee.jnt_type[joint.rawValue] {
        case Int32(mjJNT_FREE.rawValue): return 6
        case Int32(mjJNT_BALL.rawValue): return 3
        default: return 1
        }
    }

    /// The index of `joint`'s first coordinate in `qpos` (MuJoCo's `jnt_qposadr`).
    public func qposAddress(of joint: JointID) -> Int {
        check(joint)
        return Int(handle.pointee.jnt_qposadr[joint.rawValue])
    }

    /// The index of `joint`'s first degree of freedom in `qvel` (MuJoCo's `jnt_dofadr`).
    public func dofAddress(of joint: JointID) -> Int {
        check(joint)
        return Int(handle.pointee.jnt_dofadr[joint.rawValue])
    }

    /// The joint's limits (radians or metres), or nil when it is not limited.
    public func range(of joint: JointID) -> ClosedRange<Double>? {
        check(joint)
        guard handle.pointee.jnt_limited[joint.rawValue] != 0 else { return nil }
        let r = handle.pointee.jnt_range + 2 * joint.rawValue
        return r[0]...r[1]
    }

    /// The joint `actuator` drives, or nil when its transmission is not a joint.
    public func joint(drivenBy actuator: ActuatorID) -> JointID? {
        check(actuator)
        let trn = handle.pointee.actuator_trntype[actuator.rawValue]
        guard trn == Int32(mjTRN_JOINT.rawValue) || trn == Int32(mjTRN_JOINTINPARENT.rawValue) else {
            return nil
        }
        return JointID(rawValue: Int(handle.pointee.actuator_trnid[2 * actuator.rawValue]))
    }

    /// The range `actuator`'s control is clamped to, or nil when it is not limited.
    public func controlRange(of actuator: ActuatorID) -> ClosedRange<Double>? {
        check(actuator)
        guard handle.pointee.actuator_ctrllimited[actuator.rawValue] != 0 else { return nil }
        let r = handle.pointee.actuator_ctrlrange + 2 * actuator.rawValue
        return r[0]...r[1]
    }

    /// Where `sensor`'s values start in `sensordata`, and how many there are.
    public func sensorDataRange(of sensor: SensorID) -> Range<Int> {
        check(sensor)
        let start = Int(handle.pointee.sensor_adr[sensor.rawValue])
        return start..<(start + Int(handle.pointee.sensor_dim[sensor.rawValue]))
    }

    /// Whether `body` is rigidly attached to the world (no joint between it and the world),
    /// so that its mass has no effect on the motion.
    public func isWeldedToWorld(_ body: BodyID) -> Bool {
        check(body)
        return handle.pointee.body_weldid[body.rawValue] == 0
    }

    /// The bodies that can move (not welded to the world), in id order.
    public var movingBodies: [BodyID] {
        (1..<count(of: .body)).map(BodyID.init(rawValue:)).filter { !isWeldedToWorld($0) }
    }

    /// The body a site is attached to.
    public func body(of site: SiteID) -> BodyID {
        check(site)
        return BodyID(rawValue: Int(handle.pointee.site_bodyid[site.rawValue]))
    }

    /// A site's position in its body's frame, m.
    public func localPosition(of site: SiteID) -> SIMD3<Double> {
        check(site)
        let p = handle.pointee.site_pos + 3 * site.rawValue
        return SIMD3(p[0], p[1], p[2])
    }
}
