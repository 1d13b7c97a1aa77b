import Foundation
import Testing
import ServoBus
import ServoWire
import SteadyCore

/// End to end through a real pseudo-terminal: the twin's server thread and libserialport-style I/O.
@Suite(.serialized) struct PseudoTerminalTwinTests {
    func startTwin(_ name: String, options: TwinOptions = TwinOptions()) throws -> (TwinServer, PseudoTerminal, RobotDescription) {
        let robot = try shippedRobot(name)
        let terminal = try PseudoTerminal()
        let server = try TwinServer(twin: ServoTwin(robot: robot), terminal: terminal, options: options)
        server.start()
        return (server, terminal, robot)
    }

    @Test func robotBusVerifiesReadsAndMovesATwinOverItsLink() throws {
        let (server, terminal, robot) = try startTwin("so101")
        defer { server.stop() }
        let link = NSTemporaryDirectory() + "steady-test-\(getpid())"
        try terminal.link(at: link)
        let bus = RobotBus(robot: robot, bus: PacketBus(transport: try SerialPort(path: link, baudRate: robot.baudRate),
                                                        protocolKind: robot.protocolKind, latencyAllowanceSeconds: 0.02))
        try bus.verifyMotors()
        let start = try bus.readPresent().map(\.positionTicks)
        try bus.setTorque(true)
        try bus.write("Goal_Position", values: start.map { $0 + 200 })
        // The twin runs on the wall clock: poll (bounded) until it has moved.
        let deadline = Monotonic.nanoseconds() + 2_000_000_000
        var positions = start
        while Monotonic.nanoseconds() < deadline, zip(positions, start).contains(where: { abs($0 - ($1 + 200)) > 2 }) {
            positions = try bus.readPresent().map(\.positionTicks)
        }
        #expect(zip(positions, start).allSatisfy { abs($0 - ($1 + 200)) <= 2 })
        terminal.close()
        #expect(access(link, F_OK) != 0)   // the link is gone
    }

    @Test func aSecondOpenOfTheSamePortIsBusyAndMissingPortsAreNamed() throws {
        let (server, terminal, robot) = try startTwin("so101")
        defer { server.stop() }
        let first = try SerialPort(path: terminal.slavePath, baudRate: robot.baudRate)
        #expect(throws: SerialPortError.busy(port: terminal.slavePath)) {
            _ = try SerialPort(path: terminal.slavePath, baudRate: robot.baudRate)
        }
        _ = first
        #expect(throws: SerialPortError.notFound(port: "/dev/ttyNOPE9")) { _ = try SerialPort(path: "/dev/ttyNOPE9", baudRate: 1_000_000) }
        #expect(throws: SerialPortError.self) { _ = try SerialPort(path: "/etc/hostname", baudRate: 1_000_000) }
    }

    @Test func droppedAndCorruptedRepliesBecomeTimeoutsAndCorruptErrors() throws {
        let (dropServer, dropTerminal, robot) = try startTwin("so101", options: TwinOptions(dropRate: 1))
        let dropping = PacketBus(transport: try SerialPort(path: dropTerminal.slavePath, baudRate: robot.baudRate),
                                 protocolKind: .feetech, retries: 1, latencyAllowanceSeconds: 0.005)
        #expect(throws: ServoBusError.timeout(port: dropTerminal.slavePath, id: 1, instruction: "read")) {
            try dropping.read(1, address: 56, length: 2)
        }
        #expect(dropping.statistics.retries == 1 && dropping.statistics.timeouts == 2)   // both attempts
        dropServer.stop()
        #expect(dropServer.statistics.dropped >= 1)   // the second request may still be unread when the twin stops

        let (corruptServer, corruptTerminal, _) = try startTwin("so101", options: TwinOptions(corruptRate: 1))
        defer { corruptServer.stop() }
        let corrupted = PacketBus(transport: try SerialPort(path: corruptTerminal.slavePath, baudRate: robot.baudRate),
                                  protocolKind: .feetech, retries: 3, latencyAllowanceSeconds: 0.005)
        #expect(throws: ServoBusError.self) { try corrupted.read(1, address: 56, length: 2) }
        #expect(corrupted.statistics.retries == 3)
    }

    @Test func aStoppedTwinIsAVanishedPort() throws {
        var (server, terminal, robot): (TwinServer?, PseudoTerminal?, RobotDescription) = try startTwin("koch")
        let port = try SerialPort(path: terminal!.slavePath, baudRate: robot.baudRate)
        let bus = PacketBus(transport: port, protocolKind: .dynamixel, retries: 0, latencyAllowanceSeconds: 0.005)
        #expect(try bus.ping(1) == 1060)
        server!.stop()
        server = nil
        terminal = nil
        #expect(throws: ServoBusError.port(.vanished(port: port.portName))) { _ = try bus.read(1, address: 132, length: 4) }
    }
}
