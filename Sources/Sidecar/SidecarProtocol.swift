/// The sidecar protocol's constants: version, magic, frame bounds and message types, as
/// `docs/sidecar-protocol.md` defines them.
public enum SidecarProtocol {
    /// The protocol version every frame carries.
    public static let version: UInt8 = 1
    /// The eight bytes a `HELLO` starts with: `STEADYSC`.
    public static let magic: [UInt8] = Array("STEADYSC".utf8)
    /// Bytes before the payload: length (4), version (1), type (1), reserved (2).
    public static let headerSize = 8
    /// The smallest `length` field: version, type and reserved, no payload.
    public static let minimumLength = 4
    /// The largest `length` field a peer may send: 64 MiB.
    public static let maximumLength = 64 << 20
    /// `flags` bit 0: the episode terminated (no bootstrapping from the next observation).
    public static let terminatedFlag: UInt8 = 1
    /// `flags` bit 1: the episode was truncated by a time limit (the critic bootstraps).
    public static let truncatedFlag: UInt8 = 2
}

/// The type byte of a frame.
public enum SidecarMessageType: UInt8, CaseIterable, Sendable {
    case hello = 1, welcome, reject, transitions, ack, weights, exploration, heartbeat, episode, error, bye

    /// The name the protocol document uses, `HELLO` … `BYE`.
    public var name: String {
        switch self {
        case .hello: "HELLO"
        case .welcome: "WELCOME"
        case .reject: "REJECT"
        case .transitions: "TRANSITIONS"
        case .ack: "ACK"
        case .weights: "WEIGHTS"
        case .exploration: "EXPLORATION"
        case .heartbeat: "HEARTBEAT"
        case .episode: "EPISODE"
        case .error: "ERROR"
        case .bye: "BYE"
        }
    }
}
