import ServoWire
import SteadyCore

/// Errors talking to motors. Each names the port and, where there is one, the motor.
public enum ServoBusError: Error, Equatable, CustomStringConvertible {
    /// No (complete) reply before the deadline, after all retries.
    case timeout(port: String, id: ServoID, instruction: String)
    /// Replies arrived but failed their checksum or made no sense, after all retries.
    case corruptReply(port: String, id: ServoID, detail: String)
    /// The motor answered with an error (decoded names).
    case motorError(port: String, id: ServoID, names: [String])
    /// A motor answered with a different model than the robot file names.
    case wrongModel(port: String, id: ServoID, joint: String, expected: String, found: String)
    /// A value that the register cannot hold: refused before anything was sent.
    case valueOutOfRange(port: String, id: ServoID, joint: String, register: String, value: Int, range: ClosedRange<Int>)
    /// The serial port failed.
    case port(SerialPortError)

    public var description: String {
        switch self {
        case let .timeout(port, id, instruction):
            return "\(port): motor \(id) did not answer \(instruction) (timeout; check power, id and baud rate)"
        case let .corruptReply(port, id, detail):
            return "\(port): corrupt reply from motor \(id): \(detail)"
        case let .motorError(port, id, names):
            return "\(port): motor \(id) reports: \(names.joined(separator: ", "))"
        case let .wrongModel(port, id, joint, expected, found):
            return "\(port): motor \(id) (\(joint)) is a \(found), but robot.yaml says \(expected)"
        case let .valueOutOfRange(port, id, joint, register, value, range):
            return "\(port): refusing to write \(register) = \(value) to motor \(id) (\(joint)): the register holds "
                + "\(range.lowerBound)…\(range.upperBound); nothing was written"
        case let .port(error):
            return error.description
        }
    }
}

/// One motor's reply to a read: its data and the status error byte that came with it.
public struct MotorReply: Equatable, Sendable {
    public var id: ServoID
    /// The status packet's error byte (Dynamixel alert bit / Feetech status bits).
    public var error: UInt8
    public var data: [UInt8]

    public init(id: ServoID, error: UInt8, data: [UInt8]) {
        self.id = id
        self.error = error
        self.data = data
    }
}

/// Counts of transport trouble on a bus, for status lines and run summaries.
public struct BusStatistics: Equatable, Sendable {
    public var transactions = 0
    /// Attempts (not transactions) that ended without every reply.
    public var timeouts = 0
    /// Attempts that ended with a corrupt reply.
    public var corruptReplies = 0
    /// Attempts after the first.
    public var retries = 0
    /// Late answers to earlier requests, recognised and skipped.
    public var staleReplies = 0
    public init() {}
}
