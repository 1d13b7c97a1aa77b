import Safety

/// The layout of one tick's record: a fixed number of `Double`s, header fields then one block
/// per per-joint signal. Records live in `TickRecordRing` slots and in the run log's messages.
public struct TickRecordLayout: Sendable, Equatable {
    /// Header fields, one `Double` each.
    public enum Field: Int, CaseIterable, Sendable {
        /// Tick index since the loop started (deadlines, so skipped ticks leave gaps).
        case tick
        /// The tick's deadline, seconds since the loop started.
        case timeSeconds
        /// How long after its deadline the tick woke, µs.
        case latenessMicroseconds
        /// Deadlines skipped just before this tick.
        case missed
        /// Union of the safety flags of every joint (`SafetyFlags.rawValue`).
        case flags
        /// `TickStatus` bits.
        case status
        /// Time the policy took, µs (NaN when it was not called).
        case policyMicroseconds
        /// Time the tick's bus I/O took (read + write), µs.
        case busMicroseconds
        /// Bus retries during this tick.
        case retries
        /// The policy's weights version (`Policy.weightsVersion`; 0: fixed weights).
        case weightsVersion
    }

    /// Per-joint signals, one block of `jointCount` `Double`s each.
    public enum JointSignal: Int, CaseIterable, Sendable {
        /// Present position, rad (NaN when the read failed).
        case position
        /// Present velocity, rad/s.
        case velocity
        /// Present load, fraction of stall torque.
        case load
        /// Present current, A (NaN when the model does not report it).
        case current
        /// Present temperature, °C.
        case temperature
        /// The policy's raw action, rad, as it came (NaN/±∞ kept; NaN when not called).
        case action
        /// The command sent after the safety chain, rad.
        case command
        /// The joint's safety flags (`SafetyFlags.rawValue`).
        case flags
    }

    /// Number of joints.
    public let jointCount: Int

    /// Creates the layout for `jointCount` joints.
    public init(jointCount: Int) { self.jointCount = jointCount }

    /// `Double`s per record.
    public var stride: Int { Field.allCases.count + JointSignal.allCases.count * jointCount }

    /// Index of a header field.
    @inline(__always)
    public func index(_ field: Field) -> Int { field.rawValue }

    /// Index of `joint`'s value of `signal`.
    @inline(__always)
    public func index(_ signal: JointSignal, joint: Int) -> Int {
        Field.allCases.count + signal.rawValue * jointCount + joint
    }
}

/// Bits of the `status` field of a tick record.
public struct TickStatus: OptionSet, Sendable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// The tick was in the soft start.
    public static let softStart = TickStatus(rawValue: 1 << 0)
    /// The tick was in the active phase (the policy in control).
    public static let active = TickStatus(rawValue: 1 << 1)
    /// The tick was in the stop phase (holding before torque off).
    public static let stopping = TickStatus(rawValue: 1 << 2)
    /// The sync read failed after every retry.
    public static let readFailed = TickStatus(rawValue: 1 << 3)
    /// The sync write failed.
    public static let writeFailed = TickStatus(rawValue: 1 << 4)
    /// The policy was called this tick.
    public static let policyCalled = TickStatus(rawValue: 1 << 5)
    /// The policy overran its time budget; its action was discarded and the target held.
    public static let policyOverrun = TickStatus(rawValue: 1 << 6)
    /// A command was written to the motors.
    public static let written = TickStatus(rawValue: 1 << 7)
}
