import ServoWire
import SteadyCore

/// Instructions to the motors on one serial bus, protocol independent.
///
/// `PacketBus` implements it over a `SerialTransport`; reads return data with each motor's status
/// error byte so callers can decode hardware alerts without losing the data.
public protocol ServoBus: AnyObject {
    var protocolKind: ServoProtocolKind { get }
    var portName: String { get }
    var statistics: BusStatistics { get }
    /// Pings `id`; returns the model number (read from Model_Number on Feetech, whose ping carries none),
    /// or nil when nothing answers.
    func ping(_ id: ServoID) throws -> UInt16?
    /// Reads `length` bytes at `address` of one motor.
    func read(_ id: ServoID, address: UInt16, length: UInt16) throws -> MotorReply
    /// Writes and waits for the motor's acknowledgement.
    func write(_ id: ServoID, address: UInt16, data: [UInt8]) throws
    /// One SYNC_READ transaction: every motor in `ids` answers, in order.
    func syncRead(address: UInt16, length: UInt16, ids: [ServoID]) throws -> [MotorReply]
    /// One SYNC_WRITE: no reply.
    func syncWrite(address: UInt16, items: [SyncWriteItem]) throws
    /// Reboots a motor (Dynamixel; clears latched hardware errors).
    func reboot(_ id: ServoID) throws
}
