import Foundation
import ServoBus
import SteadyCore

/// One sync read of every motor, stamped when its reply had arrived.
struct ArmSample {
    /// Seconds since the instant the measurement started from (e.g. a goal write).
    var seconds: Double
    var states: [RawMotorState]
}

/// An SO-101 twin seen only through its serial port, with the bus classes the runtime and the
/// CLI use (`RobotBus` over `PacketBus` on a `SerialPort`): what a client of the real arm sees.
final class SerialArm {
    let robot: RobotDescription
    let bus: RobotBus
    /// 4096 ticks per turn, 0 rad (the homing pose) at raw 2047.
    static let ticksPerDegree = 4096.0 / 360

    /// Connects to the twin behind `link` and pings every motor, as the runtime does. The
    /// allowances are generous: the twin is a process sharing a small machine with the tests
    /// beside it, and one just started may take a while to serve its port.
    init(link: String) throws {
        robot = try RobotDescription.load(file: repositoryRoot.appendingPathComponent("robots/so101/robot.yaml"))
        bus = RobotBus(robot: robot, bus: PacketBus(transport: try SerialPort(path: link, baudRate: robot.baudRate),
                                                    protocolKind: robot.protocolKind, retries: 5, latencyAllowanceSeconds: 0.02))
        let deadline = Date().addingTimeInterval(10)
        while true {
            do {
                try bus.verifyMotors()
                return
            } catch let error as ServoBusError {
                guard case .timeout = error, Date() < deadline else { throw error }
            }
        }
    }

    /// Joint angle in degrees for Present_Position ticks (no homing offset on a fresh twin).
    static func degrees(_ ticks: Int) -> Double { Double(ticks - 2047) / ticksPerDegree }
    /// Goal_Position ticks for a joint angle in degrees.
    static func ticks(degrees: Double) -> Int { 2047 + Int((degrees * ticksPerDegree).rounded()) }

    func index(_ joint: String) -> Int {
        guard let index = robot.joints.firstIndex(where: { $0.name == joint }) else { preconditionFailure("no joint \(joint)") }
        return index
    }

    /// Writes robot.yaml's P/I/D gains (LeRobot's SO-101 settings: P 16 against the factory
    /// 32) the way LeRobot configures the arm: EEPROM unlocked first.
    func writeRobotGains() throws {
        try bus.write("Lock", values: Array(repeating: 0, count: robot.joints.count))
        try bus.write("Position_P_Gain", values: robot.joints.map(\.gains.p))
        try bus.write("Position_I_Gain", values: robot.joints.map(\.gains.i))
        try bus.write("Position_D_Gain", values: robot.joints.map(\.gains.d))
    }

    /// Sends every joint to `degrees` with torque on, then samples for `seconds` (the arm gets
    /// there and settles); returns the samples.
    func hold(degrees: [Double], seconds: Double) throws -> [ArmSample] {
        try bus.write("Goal_Position", values: degrees.map { Self.ticks(degrees: $0) })
        let start = Monotonic.nanoseconds()
        try bus.setTorque(true)
        return try record(seconds: seconds, since: start)
    }

    /// Sync-reads the whole arm every `periodSeconds` until `seconds` have passed since `start`
    /// (a `Monotonic` time), or sooner once `done` holds for the samples so far. Each sample is
    /// stamped when its reply was in: the state it shows is at least that old, so times measured
    /// from the stamps err on the late side.
    func record(seconds: Double, since start: UInt64, periodSeconds: Double = 0.002,
                until done: (ArmSample) -> Bool = { _ in false }) throws -> [ArmSample] {
        let end = start + UInt64(seconds * 1e9)
        let period = UInt64(periodSeconds * 1e9)
        var samples: [ArmSample] = []
        var next = Monotonic.nanoseconds()
        while Monotonic.nanoseconds() < end {
            let states = try bus.readPresent()
            let now = Monotonic.nanoseconds()
            samples.append(ArmSample(seconds: Double(now - start) / 1e9, states: states))
            if done(samples[samples.count - 1]) { break }
            next += period
            // Pace the reads (the twin needs the CPU more than this loop) without drifting.
            if next > now { usleep(UInt32((next - now) / 1000)) } else { next = now }
        }
        return samples
    }
}

/// Watches one joint's samples for the moment it has stayed within `toleranceDegrees` of
/// `goalDegrees` for `holdSeconds` (by the samples' stamps): a settle condition to record until.
struct SettleWatch {
    let joint: Int
    let goalDegrees: Double
    let toleranceDegrees: Double
    let holdSeconds: Double
    /// Since when every sample has been within the tolerance; nil while outside it.
    private(set) var settledSince: Double?
    /// When the joint settled, once it has stayed settled for `holdSeconds`.
    var settledAt: Double? { hasHeld ? settledSince : nil }
    private var hasHeld = false

    init(joint: Int, goalDegrees: Double, toleranceDegrees: Double, holdSeconds: Double) {
        self.joint = joint
        self.goalDegrees = goalDegrees
        self.toleranceDegrees = toleranceDegrees
        self.holdSeconds = holdSeconds
    }

    /// Takes the next sample; true once the joint has stayed settled for `holdSeconds`.
    mutating func observe(_ sample: ArmSample) -> Bool {
        if abs(SerialArm.degrees(sample.states[joint].positionTicks) - goalDegrees) > toleranceDegrees {
            settledSince = nil
        } else if settledSince == nil {
            settledSince = sample.seconds
        }
        hasHeld = settledSince.map { sample.seconds - $0 >= holdSeconds } ?? false
        return hasHeld
    }
}
