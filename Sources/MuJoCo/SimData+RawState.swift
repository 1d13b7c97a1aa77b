import CMuJoCo

/// Allocation-free access to the state, for a control step that must not allocate, and the
/// contact count.
///
/// The raw pointers stay valid for the life of the `SimData` (MuJoCo allocates `mjData`'s
/// arrays once, in `mj_makeData`). They are visible to this package only: callers index them with
/// addresses they validated against the model once (`qposAddress(of:)`, `dofAddress(of:)`, …).
extension SimData {
    /// Number of contacts found by the last `forward()` or step (MuJoCo's `ncon`).
    public var contactCount: Int { Int(handle.pointee.ncon) }

    /// `qpos`, `nq` values.
    package var qposPointer: UnsafeMutablePointer<Double> { handle.pointee.qpos }
    /// `qvel`, `nv` values.
    package var qvelPointer: UnsafeMutablePointer<Double> { handle.pointee.qvel }
    /// `ctrl`, `nu` values.
    package var ctrlPointer: UnsafeMutablePointer<Double> { handle.pointee.ctrl }
    /// `site_xpos`, 3 values per site.
    package var sitePositionPointer: UnsafeMutablePointer<Double> { handle.pointee.site_xpos }
}
