import CMuJoCo

/// The state and scratch pad of one simulation of a `SimModel` (`mjData`).
///
/// A `SimData` owns its `mjData*`, frees it in `deinit`, and keeps its model alive. Stepping
/// checks for divergence after every MuJoCo step and throws `SimError.unstable` instead of
/// letting MuJoCo silently reset the state and carry on.
public final class SimData {
    /// The model this data simulates.
    public let model: SimModel
    /// The owned MuJoCo data.
    let handle: UnsafeMutablePointer<mjData>

    /// The warnings that mean the state was bad and MuJoCo reset it, with their names.
    private static let divergenceWarnings: [(mjtWarning, String, IndexKind)] = [
        (mjWARN_BADQPOS, "bad qpos", .qpos), (mjWARN_BADQVEL, "bad qvel", .dof),
        (mjWARN_BADQACC, "bad qacc", .dof), (mjWARN_BADCTRL, "bad ctrl", .actuator),
    ]

    /// What the index in a MuJoCo warning counts.
    private enum IndexKind { case qpos, dof, actuator }
    /// Byte offset of `mjData.warning`, a C array Swift imports as a tuple.
    private static let warningOffset = MemoryLayout<mjData>.offset(of: \mjData.warning)!

    /// Allocates data for `model`, in the model's reference configuration.
    ///
    /// The corresponding C function is `mj_makeData`.
    public init(model: SimModel) {
        MuJoCoLog.installHandlers()
        guard let data = mj_makeData(model.handle) else {
            preconditionFailure("SimData: mj_makeData returned NULL for \(model.name)")
        }
        self.model = model
        self.handle = data
    }

    deinit {
        mj_deleteData(handle)
    }

    /// Simulated time, in seconds.
    public var time: Double {
        get { handle.pointee.time }
        set { handle.pointee.time = newValue }
    }

    /// Resets the state to the model's reference configuration, zero velocity, time 0.
    ///
    /// The corresponding C function is `mj_resetData`.
    public func reset() {
        mj_resetData(model.handle, handle)
    }

    /// Computes every derived quantity (positions of sites, sensor values, forces) for the
    /// current state without advancing time.
    ///
    /// The corresponding C function is `mj_forward`.
    public func forward() {
        mj_forward(model.handle, handle)
    }

    /// Computes the positions and orientations of every body, geom and site for the current
    /// joint positions, and nothing else (no velocities, forces or sensors): forward kinematics.
    ///
    /// The corresponding C function is `mj_kinematics`.
    public func kinematics() {
        mj_kinematics(model.handle, handle)
    }

    /// Advances the simulation by `count` timesteps.
    ///
    /// The corresponding C function is `mj_step`.
    /// - Throws: `SimError.unstable` as soon as MuJoCo reports a bad position, velocity,
    ///   acceleration or control, or a position or velocity leaves MuJoCo's valid range
    ///   (NaN, infinite or larger than 1e10). MuJoCo has then reset the state (or it is
    ///   invalid): call `reset()` or set a new state before stepping again.
    public func step(count: Int = 1) throws {
        precondition(count >= 0, "SimData: negative step count \(count)")
        let mark = MuJoCoLog.mark
        let warnings = (UnsafeMutableRawPointer(handle) + Self.warningOffset)
            .assumingMemoryBound(to: mjWarningStat.self)
        for (kind, _, _) in Self.divergenceWarnings { warnings[Int(kind.rawValue)].number = 0 }
        for _ in 0..<count {
            let timeBefore = handle.pointee.time
            mj_step(model.handle, handle)
            for (kind, label, indexKind) in Self.divergenceWarnings where warnings[Int(kind.rawValue)].number > 0 {
                let index = Int(warnings[Int(kind.rawValue)].lastinfo)
                throw SimError.unstable(time: timeBefore,
                                        detail: describe(label, index: index, kind: indexKind, since: mark))
            }
            if let dof = firstBad(handle.pointee.qvel, count: model.dofCount) {
                throw SimError.unstable(time: timeBefore, detail: describe("bad qvel", index: dof, kind: .dof, since: mark))
            }
            if let index = firstBad(handle.pointee.qpos, count: model.qposCount) {
                throw SimError.unstable(time: timeBefore, detail: describe("bad qpos", index: index, kind: .qpos, since: mark))
            }
        }
    }

    /// The index of the first value that is NaN or beyond MuJoCo's `mjMAXVAL`, if any.
    private func firstBad(_ values: UnsafeMutablePointer<mjtNum>, count: Int) -> Int? {
        for i in 0..<count where !(abs(values[i]) <= mjMAXVAL) { return i }
        return nil
    }

    private func describe(_ label: String, index: Int, kind: IndexKind, since mark: Int) -> String {
        var text = label
        switch kind {
        case .actuator:
            text += " at actuator \(index)"
            if index >= 0 && index < model.actuatorCount, let name = model.name(of: .actuator, id: index) {
                text += " (\(name))"
            }
        case .dof:
            text += " at dof \(index)"
            if index >= 0 && index < model.dofCount,
               let name = model.name(of: .joint, id: Int(model.handle.pointee.dof_jntid[index])) {
                text += " (joint \(name))"
            }
        case .qpos:
            text += " at qpos index \(index)"
        }
        let messages = MuJoCoLog.warnings(since: mark).map(\.message)
        if !messages.isEmpty { text += "; MuJoCo: " + messages.joined(separator: " | ") }
        return text
    }
}
