/// One tick record as an MCAP message: a ROS 2 message (`ros2msg` schema) serialized as
/// little-endian CDR, which Foxglove, PlotJuggler and the `mcap` Python tools decode from the
/// schema embedded in the file.
///
/// Why CDR rather than JSON: the values are written exactly (a policy's NaN or ±∞ action is
/// kept, JSON has no spelling for it), a tick takes 8 bytes per value, and writing and reading
/// back are copies, not number formatting and parsing.
public enum TickMessage {
    /// The schema's name.
    public static let schemaName = "steady_msgs/msg/Tick"
    /// The topic of tick messages.
    public static let topic = "/steady/tick"

    /// The ROS 2 message definition (the schema's data). Per-joint arrays are in the joint
    /// order given by the channel's `joint_names` metadata.
    public static let definition = """
    # One control tick of a Steady run. Arrays: one entry per joint, in the order of the
    # channel metadata "joint_names". NaN: not measured (failed read, no sensor, policy not called).
    uint64 tick            # deadline index since the loop started (skipped deadlines leave gaps)
    float64 time           # the tick's deadline, s since the loop started
    float64 lateness_us    # wake-up time minus deadline, us
    uint32 missed          # deadlines skipped just before this tick
    uint32 flags           # union of the joints' safety flags (bit names: metadata "flag_names")
    uint32 status          # tick status bits (names: metadata "status_names")
    float64 policy_us      # time policy.act took, us
    float64 bus_us         # time of the tick's sync read + sync write, us
    uint32 retries         # bus retries in this tick
    float64[] position     # present position, rad
    float64[] velocity     # present velocity, rad/s
    float64[] load         # present load, fraction of stall torque
    float64[] current      # present current, A
    float64[] temperature  # present temperature, degC
    float64[] action       # the policy's raw action, rad
    float64[] command      # the command sent after the safety chain, rad
    uint32[] joint_flags   # each joint's safety flags
    uint64 weights_version # the policy's weights version (0: fixed weights; a learning run's grow)
    """

    /// Serializes `record` (a `layout` record) into `out`, replacing its contents.
    public static func encode(_ record: UnsafePointer<Double>, layout: TickRecordLayout, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        var writer = CDRWriter(bytes: out)
        writer.u64(UInt64(max(0, record[layout.index(.tick)])))
        writer.f64(record[layout.index(.timeSeconds)])
        writer.f64(record[layout.index(.latenessMicroseconds)])
        writer.u32(UInt32(record[layout.index(.missed)]))
        writer.u32(UInt32(record[layout.index(.flags)]))
        writer.u32(UInt32(record[layout.index(.status)]))
        writer.f64(record[layout.index(.policyMicroseconds)])
        writer.f64(record[layout.index(.busMicroseconds)])
        writer.u32(UInt32(record[layout.index(.retries)]))
        let n = layout.jointCount
        for signal in TickRecordLayout.JointSignal.allCases {
            writer.u32(UInt32(n))
            for joint in 0..<n {
                let value = record[layout.index(signal, joint: joint)]
                if signal == .flags { writer.u32(UInt32(value)) } else { writer.f64(value) }
            }
        }
        let version = record[layout.index(.weightsVersion)]
        writer.u64(version.isFinite && version > 0 ? UInt64(min(version, 1.8e19)) : 0)
        out = writer.bytes
    }

    /// Decodes a message into `record` (a `layout` record). Returns false when the payload does
    /// not have `layout`'s shape.
    public static func decode(_ payload: UnsafeRawBufferPointer, layout: TickRecordLayout,
                              into record: UnsafeMutablePointer<Double>) -> Bool {
        var reader = CDRReader(bytes: payload)
        guard let tick = reader.u64(), let time = reader.f64(), let lateness = reader.f64(), let missed = reader.u32(),
              let flags = reader.u32(), let status = reader.u32(), let policy = reader.f64(), let bus = reader.f64(),
              let retries = reader.u32() else { return false }
        record[layout.index(.tick)] = Double(tick)
        record[layout.index(.timeSeconds)] = time
        record[layout.index(.latenessMicroseconds)] = lateness
        record[layout.index(.missed)] = Double(missed)
        record[layout.index(.flags)] = Double(flags)
        record[layout.index(.status)] = Double(status)
        record[layout.index(.policyMicroseconds)] = policy
        record[layout.index(.busMicroseconds)] = bus
        record[layout.index(.retries)] = Double(retries)
        for signal in TickRecordLayout.JointSignal.allCases {
            guard let count = reader.u32(), Int(count) == layout.jointCount else { return false }
            for joint in 0..<layout.jointCount {
                if signal == .flags {
                    guard let value = reader.u32() else { return false }
                    record[layout.index(signal, joint: joint)] = Double(value)
                } else {
                    guard let value = reader.f64() else { return false }
                    record[layout.index(signal, joint: joint)] = value
                }
            }
        }
        // Logs written before the field existed end here: fixed weights.
        record[layout.index(.weightsVersion)] = Double(reader.u64() ?? 0)
        return true
    }
}

/// CDR (little-endian, XCDR1) serialization: the 4-byte encapsulation header, then each value
/// aligned to its size relative to the end of the header.
struct CDRWriter {
    var bytes: [UInt8]

    init(bytes: [UInt8]) {
        self.bytes = bytes
        self.bytes.append(contentsOf: [0x00, 0x01, 0x00, 0x00])   // CDR_LE
    }

    private mutating func align(_ size: Int) {
        while (bytes.count - 4) % size != 0 { bytes.append(0) }
    }

    mutating func u32(_ value: UInt32) {
        align(4)
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func u64(_ value: UInt64) {
        align(8)
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func f64(_ value: Double) { u64(value.bitPattern) }
}

/// Reads what `CDRWriter` writes; every read returns nil past the end.
struct CDRReader {
    let bytes: UnsafeRawBufferPointer
    var position = 4

    init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    private mutating func take(_ size: Int) -> UnsafeRawBufferPointer? {
        while (position - 4) % size != 0 { position += 1 }
        guard position + size <= bytes.count else { return nil }
        defer { position += size }
        return UnsafeRawBufferPointer(rebasing: bytes[position..<(position + size)])
    }

    mutating func u32() -> UInt32? { take(4).map { UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self)) } }
    mutating func u64() -> UInt64? { take(8).map { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) } }
    mutating func f64() -> Double? { u64().map { Double(bitPattern: $0) } }
}
