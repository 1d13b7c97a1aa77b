import Safety

/// What a run log says about its run besides the ticks: stored in the MCAP file as the
/// `steady.run` Metadata record and in the tick channel's metadata.
public struct RunMetadata: Equatable, Sendable {
    /// Robot name.
    public var robot: String
    /// Joint names, in the order of every per-joint array.
    public var jointNames: [String]
    /// The loop's rate, Hz.
    public var rateHz: Double
    /// The policy's name.
    public var policy: String
    /// Names of the safety flag bits, bit 0 first (`SafetyFlags.named`).
    public var flagNames: [String]
    /// Free-form settings (command-line options), kept as strings.
    public var settings: [(String, String)]

    /// Creates metadata.
    public init(robot: String, jointNames: [String], rateHz: Double, policy: String,
                flagNames: [String] = SafetyFlags.named.map(\.name), settings: [(String, String)] = []) {
        self.robot = robot
        self.jointNames = jointNames
        self.rateHz = rateHz
        self.policy = policy
        self.flagNames = flagNames
        self.settings = settings
    }

    /// Names of the `TickStatus` bits, bit 0 first.
    public static let statusNames = ["softStart", "active", "stopping", "readFailed", "writeFailed",
                                     "policyCalled", "policyOverrun", "written"]

    /// The pairs stored in the MCAP Metadata record.
    var pairs: [(String, String)] {
        [("robot", robot), ("joint_names", jointNames.joined(separator: ",")), ("rate_hz", "\(rateHz)"),
         ("policy", policy), ("flag_names", flagNames.joined(separator: ",")),
         ("status_names", Self.statusNames.joined(separator: ","))] + settings
    }

    /// Rebuilds metadata from stored pairs; nil when a required key is missing.
    init?(pairs: [(String, String)]) {
        let table = Dictionary(pairs, uniquingKeysWith: { first, _ in first })
        guard let robot = table["robot"], let joints = table["joint_names"], let rate = table["rate_hz"].flatMap(Double.init),
              rate.isFinite, rate > 0, let policy = table["policy"], let flags = table["flag_names"] else { return nil }
        let known: Set<String> = ["robot", "joint_names", "rate_hz", "policy", "flag_names", "status_names"]
        self.init(robot: robot, jointNames: joints.split(separator: ",").map(String.init), rateHz: rate, policy: policy,
                  flagNames: flags.split(separator: ",").map(String.init),
                  settings: pairs.filter { !known.contains($0.0) })
    }

    public static func == (a: RunMetadata, b: RunMetadata) -> Bool {
        a.robot == b.robot && a.jointNames == b.jointNames && a.rateHz == b.rateHz && a.policy == b.policy
            && a.flagNames == b.flagNames && a.settings.map(\.0) == b.settings.map(\.0) && a.settings.map(\.1) == b.settings.map(\.1)
    }
}
