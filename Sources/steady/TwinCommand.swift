import ArgumentParser
import Foundation
import ServoBus
import SteadyCore

/// `steady twin`: a simulated robot answering on a virtual serial port.
struct TwinCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "twin",
        abstract: "Start a servo twin: a virtual serial port that answers like the robot's real motors.",
        discussion: """
        Opens a pseudo-terminal, links --link to it, and answers every Dynamixel 2.0 or Feetech \
        instruction for each motor of the robot from a per-motor control table. Point any tool at \
        the link as you would at /dev/ttyUSB0: steady, LeRobot, or the vendors' SDKs. \
        Stops on Ctrl-C or SIGTERM and removes the link.
        """)

    @OptionGroup var robotOption: RobotOption

    @Option(name: .long, help: "Path to create as a symlink to the twin's port (e.g. /tmp/so101).")
    var link: String?

    @Flag(name: .long, help: "Delay replies as the real line would (10 bits per byte at the robot's baud, plus return delay).")
    var baudTiming = false

    @Option(name: .long, help: "Probability (0–1) that a reply is never sent.")
    var dropRate = 0.0

    @Option(name: .long, help: "Probability (0–1) that a reply has one bit flipped.")
    var corruptRate = 0.0

    @Option(name: .customLong("latency-ms"), help: "Extra delay before every reply, milliseconds.")
    var latencyMilliseconds = 0.0

    @Option(name: .long, help: "Seed for fault injection.")
    var seed: UInt64 = 1

    func validate() throws {
        guard (0...1).contains(dropRate) else { throw ValidationError("--drop-rate must be between 0 and 1") }
        guard (0...1).contains(corruptRate) else { throw ValidationError("--corrupt-rate must be between 0 and 1") }
        guard latencyMilliseconds >= 0 else { throw ValidationError("--latency-ms must not be negative") }
    }

    func run() throws {
        let robot = try robotOption.load()
        let twin = ServoTwin(robot: robot)
        let terminal = try PseudoTerminal()
        if let link { try terminal.link(at: link) }
        let options = TwinOptions(baudTiming: baudTiming, dropRate: dropRate, corruptRate: corruptRate,
                                  latencyMilliseconds: latencyMilliseconds, seed: seed)
        let server = try TwinServer(twin: twin, terminal: terminal, options: options)
        installStopSignals(wakeDescriptor: server.stopDescriptor)
        let models = Dictionary(grouping: robot.joints, by: \.model.name).map { "\($0.value.count)× \($0.key)" }.sorted()
        print("\(robot.name) twin: \(robot.joints.count) motors (\(models.joined(separator: ", "))), \(robot.protocolKind.rawValue) @ \(robot.baudRate) baud")
        print("port: \(terminal.slavePath)" + (link.map { "  link: \($0)" } ?? ""))
        print("physics: first-order servo plant; Ctrl-C to stop")
        flushOutput()
        server.run()
        terminal.close()
        let s = server.statistics
        print("\ntwin stopped: \(s.instructions) instructions, \(s.replies) replies, \(s.dropped) dropped, \(s.corrupted) corrupted, \(s.corruptInstructions) corrupt instructions received")
        if let failure = server.failure { throw failure }
    }
}
