/// The connection rules a learner announces in `WELCOME`, and its bounds.
public struct LearnerSettings: Sendable {
    /// Each side sends a frame at least this often.
    public var heartbeatMilliseconds: UInt32 = 250
    /// No whole frame for this long: the peer is dead.
    public var timeoutMilliseconds: UInt32 = 1_000
    /// The most transitions one `TRANSITIONS` frame may carry.
    public var maxBatch: UInt32 = 256
    /// The most batches an actor may send beyond the last applied one.
    public var window: UInt32 = 4
    /// The most actors connected at once; more are refused with `ERROR`.
    public var maxConnections = 64
    /// For people, in `WELCOME`.
    public var name = "steady sidecar"

    /// Default settings.
    public init() {}

    /// The largest frame accepted: a full batch of these sizes plus 1 MiB.
    public func maximumFrameLength(observationSize: Int, actionSize: Int) -> Int {
        min(SidecarProtocol.maximumLength, 32 + Int(maxBatch) * (4 * (2 * observationSize + actionSize + 1) + 1) + (1 << 20))
    }
}
