import ArgumentParser
import Foundation
import ServoBus
import ServoWire
import SteadyCore

/// `steady bench bus`: sync read + sync write round trips through a twin on a pseudo-terminal.
struct BusBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bus",
        abstract: "Time a sync read of every motor plus a sync write through a twin, with and without baud timing.",
        discussion: """
        Starts a twin of the robot on a pseudo-terminal inside this process, opens it with \
        libserialport exactly as a real port, sets every motor's Return_Delay_Time to 0 (as \
        LeRobot does), then times round trips of one sync read of the present state of all motors \
        followed by one sync write of all goals. The byte-time bound is the bytes on the wire \
        (instruction, every reply, the sync write) × 10 bits ÷ baud.
        """)

    @Option(name: .long, help: "Robot name or directory.")
    var robot = "so101"

    @Option(name: .long, help: "Round trips to time.", transform: CommandRanges.benchmarkCount.parse)
    var iterations = 2000

    func run() throws {
        let description = try RobotDescription.load(robot)
        print("bus round trip: \(description.name), \(description.joints.count) motors, \(description.protocolKind.rawValue) @ \(description.baudRate) baud, \(iterations) iterations")
        print("mode           mean µs    p50 µs    p99 µs   bound µs   mean/bound")
        for baudTiming in [false, true] {
            let result = try measure(description, baudTiming: baudTiming)
            let ratio = baudTiming ? fixed(result.mean / result.bound, 3) : "-"
            print("\(padRight(baudTiming ? "baud timing" : "no timing", 12)) \(padLeft(fixed(result.mean, 1), 9)) \(padLeft(fixed(result.p50, 1), 9)) \(padLeft(fixed(result.p99, 1), 9)) \(padLeft(fixed(result.bound, 1), 10)) \(padLeft(ratio, 12))")
        }
    }

    struct Result { var mean: Double; var p50: Double; var p99: Double; var bound: Double }

    func measure(_ robot: RobotDescription, baudTiming: Bool) throws -> Result {
        let terminal = try PseudoTerminal()
        let server = try TwinServer(twin: ServoTwin(robot: robot), terminal: terminal, options: TwinOptions(baudTiming: baudTiming))
        server.start()
        defer { server.stop() }
        let bus = RobotBus(robot: robot, bus: PacketBus(transport: try SerialPort(path: terminal.slavePath, baudRate: robot.baudRate),
                                                        protocolKind: robot.protocolKind))
        try bus.verifyMotors()
        try bus.write(.returnDelayTime, values: Array(repeating: 0, count: robot.joints.count))
        var samples: [Double] = []
        samples.reserveCapacity(iterations)
        for iteration in 0..<(iterations + 100) {
            let start = Monotonic.nanoseconds()
            let states = try bus.readPresent()
            try bus.write(.goalPosition, values: states.map(\.positionTicks))
            if iteration >= 100 { samples.append(Double(Monotonic.nanoseconds() - start) / 1000) }
        }
        samples.sort()
        let codec = makeCodec(for: robot.protocolKind)
        let ids = robot.joints.map(\.id.rawValue)
        let readBytes = try codec.encode(.syncRead(address: bus.presentSpan.address, length: bus.presentSpan.length, ids: ids)).count
        let replyBytes = ids.map { id in
            codec.encode(StatusPacket(id: id, parameters: Array(repeating: 0, count: Int(bus.presentSpan.length)))).count
        }.reduce(0, +)
        let goal = bus.tables[0][.goalPosition]!
        let writeBytes = try codec.encode(.syncWrite(address: goal.address, items: ids.map { SyncWriteItem(id: $0, data: Array(repeating: 0, count: goal.size)) })).count
        let bound = Double(readBytes + replyBytes + writeBytes) * 10 / Double(robot.baudRate) * 1e6
        return Result(mean: samples.reduce(0, +) / Double(samples.count), p50: samples[samples.count / 2],
                      p99: samples[min(samples.count - 1, Int(Double(samples.count) * 0.99))], bound: bound)
    }
}
