import Foundation
import Testing
import ServoBus
import ServoWire
import SteadyCore

/// A twin server with a state file, through a real pseudo-terminal: the file follows every
/// change of what the motors keep at power-off, and a new twin restored from it comes up with it.
@Suite(.serialized) struct TwinServerStateTests {
    static let registers: [RegisterName] = [.minPositionLimit, .maxPositionLimit, .homingOffset]

    /// Serves `twin` on a pseudo-terminal with `stateFile`, runs `body` with a bus on it, stops.
    func serve(_ twin: ServoTwin, stateFile: URL, _ body: (RobotBus) throws -> Void) throws {
        let terminal = try PseudoTerminal()
        let server = try TwinServer(twin: twin, terminal: terminal)
        server.stateFile = stateFile
        server.start()
        defer {
            server.stop()
            terminal.close()
        }
        let robot = twin.robot
        try body(RobotBus(robot: robot, bus: PacketBus(transport: try SerialPort(path: terminal.slavePath, baudRate: robot.baudRate),
                                                       protocolKind: robot.protocolKind, latencyAllowanceSeconds: 0.05)))
        #expect(server.failure == nil)
    }

    func write(_ bus: RobotBus, _ values: [Int]) throws {
        for (register, value) in zip(Self.registers, values) {
            try bus.write(register, values: Array(repeating: value, count: bus.robot.joints.count))
        }
    }

    func read(_ bus: RobotBus) throws -> [[Int]] {
        try Self.registers.map { register in try bus.robot.joints.indices.map { try bus.read(register, joint: $0) } }
    }

    func six(_ values: [Int]) -> [[Int]] { values.map { Array(repeating: $0, count: 6) } }

    @Test func theStateFileFollowsUnlockedWritesAndARestoredTwinComesUpWithThem() throws {
        let robot = try shippedRobot("so101")
        let file = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("steady-state-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        let first = ServoTwin(robot: robot)
        try TwinStateFile.save(first, to: file)   // as `steady twin --state` does for a new file
        let factory = try String(contentsOf: file, encoding: .utf8)
        try serve(first, stateFile: file) { bus in
            try write(bus, [1000, 3000, 100])   // Lock = 1: takes effect, not kept
            #expect(try read(bus) == six([1000, 3000, 100]))
            #expect(try String(contentsOf: file, encoding: .utf8) == factory)
            try bus.write(.lock, values: Array(repeating: 0, count: 6))
            try write(bus, [1100, 2900, -50])
            _ = try read(bus)   // a reply after the writes: the server has handled (and saved) them
        }
        let restarted = ServoTwin(robot: robot)
        try TwinStateFile.restore(restarted, from: file)
        try serve(restarted, stateFile: file) { bus in
            let values = try read(bus)
            #expect(values == six([1100, 2900, -50]))
        }
        try serve(ServoTwin(robot: robot), stateFile: file) { bus in   // no restore: a new motor
            let values = try read(bus)
            #expect(values == six([0, 4095, 0]))
        }
    }
}
