/// One link of the safety chain: a small unit that inspects, and may edit in place, the command
/// of one tick.
///
/// Stages are final classes that own all their state, allocated at init. The chain calls them
/// directly (not through this protocol) in the hot path; the protocol gives them one shape for
/// tests, listing and documentation.
public protocol SafetyStage: AnyObject {
    /// A short name for logs, e.g. `"velocityLimit"`.
    var name: String { get }
    /// The flags this stage may raise.
    var flags: SafetyFlags { get }
    /// Forgets all history and starts at rest at `startPose` (already inside the position
    /// limits). Not real-time: called when the loop starts or resumes.
    func reset(startPose: UnsafeBufferPointer<Double>, state: SafetyState)
    /// Inspects and edits `command` (radians, one per joint) in place, raises per-joint flags
    /// and records events in `state`, and returns the flags it raised on any joint.
    ///
    /// - Important: Real-time: no allocation, no locks, no system calls.
    func apply(_ command: UnsafeMutableBufferPointer<Double>, inputs: SafetyInputs, state: SafetyState) -> SafetyFlags
}
