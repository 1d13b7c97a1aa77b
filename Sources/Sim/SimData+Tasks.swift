import CMuJoCo

/// Allocation-free access to the state for the tasks' control step, and the contact count the
/// target samplers check.
///
/// The raw pointers stay valid for the life of the `SimData` (MuJoCo allocates `mjData`'s
/// arrays once, in `mj_makeData`). They are internal: callers index them with addresses the
/// task validated against the model when it was built.
extension SimData {
    /// Number of contacts found by the last `forward()` or step (MuJoCo's `ncon`).
    public var contactCount: Int { Int(handle.pointee.ncon) }

    /// `qpos`, `nq` values.
    var qposPointer: UnsafeMutablePointer<mjtNum> { handle.pointee.qpos }
    /// `qvel`, `nv` values.
    var qvelPointer: UnsafeMutablePointer<mjtNum> { handle.pointee.qvel }
    /// `ctrl`, `nu` values.
    var ctrlPointer: UnsafeMutablePointer<mjtNum> { handle.pointee.ctrl }
    /// `site_xpos`, 3 values per site.
    var sitePositionPointer: UnsafeMutablePointer<mjtNum> { handle.pointee.site_xpos }
}
