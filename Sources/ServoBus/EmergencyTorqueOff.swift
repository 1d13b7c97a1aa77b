import ServoWire
import SteadyCore
#if canImport(Glibc)
import Glibc
#endif

/// The last line of defence against a crash with torque on: while armed, a fatal signal (a Swift
/// runtime trap is SIGILL or SIGTRAP; SIGABRT, SIGSEGV, SIGBUS, SIGFPE) first writes broadcast
/// "Torque_Enable = 0" frames to the bus, then lets the signal end the process as it would have.
///
/// The frames are encoded when armed; the handler only calls `write`, `tcdrain`, `signal` and
/// `raise`, which are async-signal-safe. A crash is still a bug to fix: this only keeps it from
/// leaving a robot stiff. SIGKILL cannot be caught, so nothing can switch torque off after it.
public enum EmergencyTorqueOff {
    /// The signals whose default action ends the process and that a crash raises.
    public static let fatalSignals: [Int32] = [SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS, SIGFPE]

    /// Prepares the frames that switch off every motor of `robot` and installs the handler.
    /// Does nothing (returns false) when `transport` is not a serial port (an in-process twin).
    @discardableResult
    public static func arm(transport: SerialTransport, robot: RobotDescription) -> Bool {
        guard let port = transport as? SerialPort else { return false }
        let codec = makeCodec(for: robot.protocolKind)
        var bytes: [UInt8] = []
        var seen = Set<[Int]>()
        for joint in robot.joints {
            guard let register = ControlTable.for(joint.model)[.torqueEnable],
                  seen.insert([Int(register.address), register.size]).inserted,
                  let frame = try? codec.encode(ServoRequest(id: ServoRequest.broadcastID,
                                                             instruction: .write(address: register.address,
                                                                                 data: Array(repeating: 0, count: register.size))))
            else { continue }
            bytes += frame
        }
        disarm()
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: max(bytes.count, 1))
        buffer.initialize(from: bytes, count: bytes.count)
        emergencyFrames = buffer
        emergencyFrameCount = bytes.count
        emergencyDescriptor = port.fileDescriptor
        // A parent may have started us with these blocked (Foundation's Process blocks SIGABRT):
        // a blocked SIGABRT would stay pending and never reach the handler. Threads started
        // from here on inherit the mask.
        var signals = sigset_t()
        sigemptyset(&signals)
        for signal in fatalSignals {
            sigaddset(&signals, signal)
            Glibc.signal(signal, emergencyHandler)
        }
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)
        return true
    }

    /// Removes the handler (torque is off, or stays on by request) and frees the frames.
    public static func disarm() {
        guard emergencyDescriptor >= 0 || emergencyFrames != nil else { return }
        for signal in fatalSignals { Glibc.signal(signal, SIG_DFL) }
        emergencyDescriptor = -1
        emergencyFrames?.deallocate()
        emergencyFrames = nil
        emergencyFrameCount = 0
    }

    /// Whether a handler is installed.
    public static var isArmed: Bool { emergencyDescriptor >= 0 }
}

nonisolated(unsafe) private var emergencyDescriptor: Int32 = -1
nonisolated(unsafe) private var emergencyFrames: UnsafeMutablePointer<UInt8>?
nonisolated(unsafe) private var emergencyFrameCount = 0

/// Twice the frames (a motor busy answering may miss one), wait for them to leave, then the
/// signal's default action.
private let emergencyHandler: @convention(c) (Int32) -> Void = { signal in
    if emergencyDescriptor >= 0, let frames = emergencyFrames {
        for _ in 0..<2 { _ = write(emergencyDescriptor, frames, emergencyFrameCount) }
        _ = tcdrain(emergencyDescriptor)
    }
    Glibc.signal(signal, SIG_DFL)
    raise(signal)
}
