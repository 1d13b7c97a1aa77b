/// What the safety chain did on one tick.
///
/// - Important: `events` is a view into the chain's preallocated storage, valid until its next
///   `apply` or `reset`.
public struct SafetyReport {
    /// The tick index from `SafetyInputs.tick`.
    public let tick: UInt64
    /// Every flag raised on any joint this tick (per-joint flags: `SafetyChain.flags(joint:)`).
    public let flags: SafetyFlags
    /// The events the loop must react to.
    public let events: SafetyEvents
}
