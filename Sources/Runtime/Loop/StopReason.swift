import ServoBus

/// Why the control loop stopped. A plain value, so that the tick can record it without
/// allocating; `description` (off the tick) says it in words.
public enum StopReason: Equatable, Sendable, CustomStringConvertible {
    /// `requestStop()` was called (SIGINT, SIGTERM, the caller).
    case requested
    /// The configured duration was reached.
    case duration
    /// The bus failed this many ticks in a row (or vanished); the last failure.
    case bus(BusOutcome, failedTicks: Int)
    /// A motor's status reported an error (raw status byte; `hardwareError` for Dynamixel when read).
    case motorError(joint: Int, statusError: UInt8)
    /// A motor reached its stop temperature.
    case temperature(joint: Int, celsius: Double)
    /// A motor stalled for too long; its torque was dropped.
    case stall(joint: Int)

    public var description: String {
        switch self {
        case .requested: return "stop requested"
        case .duration: return "duration reached"
        case let .bus(outcome, failed): return "bus failure: \(outcome) (\(failed) failed tick\(failed == 1 ? "" : "s") in a row)"
        case let .motorError(joint, status): return "motor error on joint \(joint) (status 0x\(String(status, radix: 16)))"
        case let .temperature(joint, celsius): return "joint \(joint) at \(Int(celsius)) °C reached its stop temperature"
        case let .stall(joint): return "joint \(joint) stalled too long; torque dropped"
        }
    }

    /// Whether the stop was an error rather than asked for.
    public var isFault: Bool {
        switch self {
        case .requested, .duration: return false
        default: return true
        }
    }
}
