import ArgumentParser
import Foundation
import ServoBus
import Sim
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
        Stops on Ctrl-C or SIGTERM and removes the link. Every start is a power-up: \
        factory values, set up for the robot's bus (each motor's ID, and the Baud_Rate code of \
        the robot's baud); --state FILE keeps what real motors keep at power-off across restarts.

        Physics: when the robot directory has a model.xml, the motors move a MuJoCo simulation \
        (gravity, inertia, friction; the servos' P/I/D registers, torque limit, speed-torque \
        line and temperature), stepped in real time, with the robot's physics.yaml applied. \
        --physics FILE applies a parameter override file on top (a "real" robot that differs \
        from the nominal twin; format in Sources/Sim/PhysicsOverrides.swift) and prints what \
        it changed; --physics none uses the first-order servo plant instead.
        """)

    @OptionGroup var robotOption: RobotOption

    @Option(name: .long, help: "Path to create as a symlink to the twin's port (e.g. /tmp/so101).")
    var link: String?

    @Flag(name: .long, help: "Delay replies as the real line would (10 bits per byte at the robot's baud, plus return delay).")
    var baudTiming = false

    @Option(name: .long, help: "Probability (0–1) that a reply is never sent.", transform: TwinRanges.probability.parse)
    var dropRate = 0.0

    @Option(name: .long, help: "Probability (0–1) that a reply has one bit flipped.", transform: TwinRanges.probability.parse)
    var corruptRate = 0.0

    @Option(name: .customLong("latency-ms"), help: "Extra delay before every reply, milliseconds (0–1000).",
            transform: TwinRanges.latency.parse)
    var latencyMilliseconds = 0.0

    @Option(name: .long, help: "Seed for fault injection.")
    var seed: UInt64 = 1

    @Option(name: .long, help: ArgumentHelp("'mujoco' (the default when the robot has a model.xml), a physics override file (YAML) for the robot's MuJoCo twin, or 'none' for the first-order servo plant.",
                                            valueName: "mujoco|FILE|none"))
    var physics: String?

    @OptionGroup var stateOption: TwinStateOption

    func run() throws {
        let robot = try robotOption.load()
        try UnsupportedBaudError.check(robot)
        let (plant, physicsLines) = try makePlant(for: robot)
        let twin = ServoTwin(robot: robot, plant: plant)
        let stateLine = try stateOption.prepare(twin)
        let terminal = try PseudoTerminal()
        let options = TwinOptions(baudTiming: baudTiming, dropRate: dropRate, corruptRate: corruptRate,
                                  latencyMilliseconds: latencyMilliseconds, seed: seed)
        let server = try TwinServer(twin: twin, terminal: terminal, options: options)
        server.stateFile = stateOption.url
        installStopSignals(wakeDescriptor: server.stopDescriptor)
        // The link last: whoever waits for it may signal the twin at once.
        if let link { try terminal.link(at: link) }
        let models = Dictionary(grouping: robot.joints, by: \.model.name).map { "\($0.value.count)× \($0.key)" }.sorted()
        print("\(robot.name) twin: \(robot.joints.count) motors (\(models.joined(separator: ", "))), \(robot.protocolKind.rawValue) @ \(robot.baudRate) baud")
        print("port: \(terminal.slavePath)" + (link.map { "  link: \($0)" } ?? ""))
        for line in physicsLines { print(line) }
        if let stateLine { print(stateLine) }
        print("Ctrl-C to stop")
        flushOutput()
        server.run()
        terminal.close()
        let s = server.statistics
        print("\ntwin stopped: \(s.instructions) instructions, \(s.replies) replies, \(s.dropped) dropped, \(s.corrupted) corrupted, \(s.corruptInstructions) corrupt instructions received")
        if let failure = server.failure { throw failure }
    }

    /// The plant behind the firmware and the banner lines describing it.
    func makePlant(for robot: RobotDescription) throws -> (ServoPlant, [String]) {
        let firstOrder = "physics: first-order servo plant"
        if physics == "none" {
            return (FirstOrderPlant(models: robot.joints.map(\.model)), [firstOrder])
        }
        guard let modelFile = MuJoCoPlant.modelFile(for: robot) else {
            if physics != nil { throw MuJoCoPlantError.noModel(robot: robot.name, path: robot.directory?.appendingPathComponent("model.xml").path ?? "model.xml") }
            return (FirstOrderPlant(models: robot.joints.map(\.model)), [firstOrder + " (the robot has no model.xml)"])
        }
        let overrideFile = physics == "mujoco" ? nil : physics
        let overrides = try overrideFile.map { try PhysicsOverrides.load(contentsOf: URL(fileURLWithPath: $0)) }
        let plant = try MuJoCoPlant(robot: robot, overrides: overrides.map { [$0] } ?? [])
        var lines = ["physics: MuJoCo \(displayPath(modelFile)), step \(fixed(plant.stepSeconds * 1000, 1)) ms"
                     + (MuJoCoPlant.nominalParametersFile(for: robot).map { ", servos \(displayPath($0))" } ?? "")]
        if let overrides {
            let changed = plant.changes.filter { $0.source == overrides.file }
            lines.append("physics overrides from \(displayPath(URL(fileURLWithPath: overrides.file))): \(changed.isEmpty ? "nothing changed" : "\(changed.count) changes")")
            lines += changed.map { "  \($0)" }
            if overrides.actionDelayTicks != nil || overrides.encoderNoise != nil {
                lines.append("  action_delay_ticks, encoder_noise: for simulated tasks (steady eval --physics); "
                             + "the twin's own bus latency and encoder quantization stand for them here")
            }
        }
        return (plant, lines)
    }

    /// `path` relative to the current directory when it lies below it.
    func displayPath(_ url: URL) -> String {
        let current = FileManager.default.currentDirectoryPath + "/"
        let path = url.standardizedFileURL.path
        return path.hasPrefix(current) ? String(path.dropFirst(current.count)) : path
    }
}
