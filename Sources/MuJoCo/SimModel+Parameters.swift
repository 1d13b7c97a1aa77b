import CMuJoCo

/// The physical parameters domain randomization touches, read and written in place.
///
/// Mutate a `copy()`, never a model other code relies on. Values are checked in Swift: a
/// negative mass or a non-finite gain is a programmer error (the randomization layer validates
/// its configuration and throws before it gets here). Changes take effect at the next step of
/// any `SimData` using this model; call `recomputeConstants()` after changing masses or
/// armature so MuJoCo's derived constants (subtree masses, constraint weights) follow.
extension SimModel {
    private func checkValue(_ value: Double, _ what: String, allowNegative: Bool = false) {
        precondition(value.isFinite && (allowNegative || value >= 0),
                     "SimModel \(name): invalid \(what) \(value)")
    }

    // MARK: Bodies

    /// The mass of `body`, in kilograms.
    public func mass(of body: BodyID) -> Double {
        check(body)
        return handle.pointee.body_mass[body.rawValue]
    }

    /// Sets the mass of `body`, in kilograms; by default the rotational inertia is scaled by the
    /// same factor, as a uniformly denser or lighter part would have.
    public func setMass(_ kilograms: Double, of body: BodyID, scalingInertia: Bool = true) {
        check(body)
        precondition(body.rawValue != 0, "SimModel \(name): the world body has no mass to set")
        checkValue(kilograms, "mass")
        let old = handle.pointee.body_mass[body.rawValue]
        if scalingInertia {
            precondition(old > 0, "SimModel \(name): cannot scale the inertia of a massless body")
            let inertia = handle.pointee.body_inertia + 3 * body.rawValue
            for axis in 0..<3 { inertia[axis] *= kilograms / old }
        }
        handle.pointee.body_mass[body.rawValue] = kilograms
    }

    // MARK: Degrees of freedom

    /// The viscous damping of degree of freedom `dof`, in N·m·s/rad (or N·s/m).
    public func damping(atDof dof: Int) -> Double {
        check(dof: dof)
        return handle.pointee.dof_damping[dof]
    }

    /// Sets the viscous damping of degree of freedom `dof`.
    public func setDamping(_ value: Double, atDof dof: Int) {
        check(dof: dof)
        checkValue(value, "damping")
        handle.pointee.dof_damping[dof] = value
    }

    /// The dry friction (MuJoCo's `frictionloss`) of degree of freedom `dof`, in N·m (or N).
    public func frictionLoss(atDof dof: Int) -> Double {
        check(dof: dof)
        return handle.pointee.dof_frictionloss[dof]
    }

    /// Sets the dry friction of degree of freedom `dof`.
    public func setFrictionLoss(_ value: Double, atDof dof: Int) {
        check(dof: dof)
        checkValue(value, "frictionloss")
        handle.pointee.dof_frictionloss[dof] = value
    }

    /// The armature (reflected rotor inertia) of degree of freedom `dof`, in kg·m².
    public func armature(atDof dof: Int) -> Double {
        check(dof: dof)
        return handle.pointee.dof_armature[dof]
    }

    /// Sets the armature of degree of freedom `dof`.
    public func setArmature(_ value: Double, atDof dof: Int) {
        check(dof: dof)
        checkValue(value, "armature")
        handle.pointee.dof_armature[dof] = value
    }

    // MARK: Actuators

    /// The `mjNGAIN` gain parameters of `actuator` (MuJoCo's `actuator_gainprm` row).
    public func gainParameters(of actuator: ActuatorID) -> [Double] {
        check(actuator)
        let row = handle.pointee.actuator_gainprm + Int(mjNGAIN) * actuator.rawValue
        return Array(UnsafeBufferPointer(start: row, count: Int(mjNGAIN)))
    }

    /// Sets the gain parameters of `actuator`; `values` must have `mjNGAIN` (10) entries.
    public func setGainParameters(_ values: [Double], of actuator: ActuatorID) {
        check(actuator)
        precondition(values.count == Int(mjNGAIN), "SimModel \(name): gainprm needs \(mjNGAIN) values")
        values.forEach { checkValue($0, "gain parameter", allowNegative: true) }
        let row = handle.pointee.actuator_gainprm + Int(mjNGAIN) * actuator.rawValue
        for i in 0..<values.count { row[i] = values[i] }
    }

    /// The `mjNBIAS` bias parameters of `actuator` (MuJoCo's `actuator_biasprm` row).
    public func biasParameters(of actuator: ActuatorID) -> [Double] {
        check(actuator)
        let row = handle.pointee.actuator_biasprm + Int(mjNBIAS) * actuator.rawValue
        return Array(UnsafeBufferPointer(start: row, count: Int(mjNBIAS)))
    }

    /// Sets the bias parameters of `actuator`; `values` must have `mjNBIAS` (10) entries.
    public func setBiasParameters(_ values: [Double], of actuator: ActuatorID) {
        check(actuator)
        precondition(values.count == Int(mjNBIAS), "SimModel \(name): biasprm needs \(mjNBIAS) values")
        values.forEach { checkValue($0, "bias parameter", allowNegative: true) }
        let row = handle.pointee.actuator_biasprm + Int(mjNBIAS) * actuator.rawValue
        for i in 0..<values.count { row[i] = values[i] }
    }

    /// Whether `actuator` is an MJCF `position` servo: fixed gain kp, bias (0, −kp, −kv).
    public func isPositionServo(_ actuator: ActuatorID) -> Bool {
        check(actuator)
        let a = actuator.rawValue
        let m = handle.pointee
        let gain = m.actuator_gainprm + Int(mjNGAIN) * a
        let bias = m.actuator_biasprm + Int(mjNBIAS) * a
        return m.actuator_gaintype[a] == Int32(mjGAIN_FIXED.rawValue)
            && m.actuator_biastype[a] == Int32(mjBIAS_AFFINE.rawValue)
            && bias[0] == 0 && bias[1] == -gain[0]
    }

    /// The proportional gain kp of a position servo, in N·m/rad (or N/m).
    public func positionGain(of actuator: ActuatorID) -> Double {
        precondition(isPositionServo(actuator), "SimModel \(name): actuator \(actuator.rawValue) is not a position servo")
        return handle.pointee.actuator_gainprm[Int(mjNGAIN) * actuator.rawValue]
    }

    /// Sets the proportional gain of a position servo: `gainprm[0] = kp`, `biasprm[1] = −kp`.
    public func setPositionGain(_ kp: Double, of actuator: ActuatorID) {
        precondition(isPositionServo(actuator), "SimModel \(name): actuator \(actuator.rawValue) is not a position servo")
        checkValue(kp, "kp")
        handle.pointee.actuator_gainprm[Int(mjNGAIN) * actuator.rawValue] = kp
        handle.pointee.actuator_biasprm[Int(mjNBIAS) * actuator.rawValue + 1] = -kp
    }

    /// The range `actuator`'s force is clamped to, or nil when it is not force-limited.
    public func forceRange(of actuator: ActuatorID) -> ClosedRange<Double>? {
        check(actuator)
        guard handle.pointee.actuator_forcelimited[actuator.rawValue] != 0 else { return nil }
        let r = handle.pointee.actuator_forcerange + 2 * actuator.rawValue
        return r[0]...r[1]
    }

    /// Clamps `actuator`'s force to `range` (and marks it force-limited).
    public func setForceRange(_ range: ClosedRange<Double>, of actuator: ActuatorID) {
        check(actuator)
        checkValue(range.lowerBound, "force range", allowNegative: true)
        checkValue(range.upperBound, "force range", allowNegative: true)
        let r = handle.pointee.actuator_forcerange + 2 * actuator.rawValue
        r[0] = range.lowerBound
        r[1] = range.upperBound
        handle.pointee.actuator_forcelimited[actuator.rawValue] = 1
    }

    // MARK: Global options

    /// Gravitational acceleration in the world frame, m/s².
    public var gravity: SIMD3<Double> {
        get {
            let g = handle.pointee.opt.gravity
            return SIMD3(g.0, g.1, g.2)
        }
        set {
            checkValue(newValue.x, "gravity", allowNegative: true)
            checkValue(newValue.y, "gravity", allowNegative: true)
            checkValue(newValue.z, "gravity", allowNegative: true)
            handle.pointee.opt.gravity = (newValue.x, newValue.y, newValue.z)
        }
    }

    /// The integration step, in seconds.
    public var timestepSeconds: Double {
        get { handle.pointee.opt.timestep }
        set {
            precondition(newValue.isFinite && newValue > 0, "SimModel \(name): invalid timestep \(newValue)")
            handle.pointee.opt.timestep = newValue
        }
    }

    /// Whether MuJoCo detects and resolves contacts (MuJoCo's `mjDSBL_CONTACT` flag, inverted).
    ///
    /// Task copies of arm models turn contacts off: the arms do not collide with themselves, and
    /// skipping collision detection makes every physics step cheaper.
    public var contactsEnabled: Bool {
        get { handle.pointee.opt.disableflags & Int32(mjDSBL_CONTACT.rawValue) == 0 }
        set {
            if newValue {
                handle.pointee.opt.disableflags &= ~Int32(mjDSBL_CONTACT.rawValue)
            } else {
                handle.pointee.opt.disableflags |= Int32(mjDSBL_CONTACT.rawValue)
            }
        }
    }

    /// Recomputes the constants MuJoCo derives from masses and inertias at compile time.
    ///
    /// The corresponding C function is `mj_setConst`.
    public func recomputeConstants() {
        MuJoCoLog.installHandlers()
        guard let scratch = mj_makeData(handle) else { preconditionFailure("SimModel: mj_makeData returned NULL") }
        defer { mj_deleteData(scratch) }
        mj_setConst(handle, scratch)
    }
}
