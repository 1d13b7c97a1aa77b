import ArgumentParser
import Foundation
import ServoBus
import SteadyCore

/// `steady read`: live joint positions, temperatures and errors.
struct ReadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read",
        abstract: "Show live joint positions (rad and °), velocity, load, temperature and errors.",
        discussion: """
        Pings every motor of the robot, checks its model, then reads all motors with one sync read \
        per refresh. Positions use the calibration given by --id or --calibration (the factory \
        calibration otherwise: 0 rad at the encoder's half turn). Ctrl-C to stop.
        """)

    @OptionGroup var robotOption: RobotOption
    @OptionGroup var portOption: PortOption
    @OptionGroup var calibrationOption: CalibrationOption

    @Option(name: .long, help: "Refreshes per second (up to 1000).", transform: CommandRanges.readRate.parse)
    var rate = 10.0

    @Option(name: .long, help: "Stop after this many refreshes (default: until Ctrl-C; 1 when not a terminal).",
            transform: CommandRanges.readCount.parse)
    var count: Int?

    func run() throws {
        let robot = try robotOption.load()
        let calibration = try calibrationOption.load(for: robot)
        let conversions = calibration.conversions(for: robot)
        let bus = RobotBus(robot: robot, bus: try portOption.openBus(for: robot))
        try bus.verifyMotors()
        if let file = calibrationOption.fileToVerify(for: robot) { try bus.verifyCalibration(calibration, file: file) }
        installStopSignals()
        let refreshes = count ?? (standardOutputIsTerminal ? Int.max : 1)
        var shown = 0
        while shown < refreshes, stopSignalReceived == 0 {
            let measurements = bus.measurements(try bus.readPresent(), conversions: conversions)
            let table = Self.render(robot: robot, measurements)
            if standardOutputIsTerminal, shown > 0 { print("\u{1B}[\(table.count)A", terminator: "") }
            for line in table { print(line + (standardOutputIsTerminal ? "\u{1B}[K" : "")) }
            flushOutput()
            shown += 1
            if shown < refreshes { usleep(UInt32(1e6 / rate)) }
        }
    }

    /// The table of joints, one line each, after a header.
    static func render(robot: RobotDescription, _ measurements: [JointMeasurement]) -> [String] {
        var lines = ["joint            id   pos rad   pos deg  vel rad/s  load %   temp °C  volts  errors"]
        for (joint, m) in zip(robot.joints, measurements) {
            lines.append([
                padRight(joint.name, 15), padLeft(String(joint.id.rawValue), 3),
                padLeft(fixed(m.positionRadians, 3), 9), padLeft(fixed(m.positionRadians * 180 / .pi, 1), 9),
                padLeft(fixed(m.velocityRadiansPerSecond, 2), 10), padLeft(fixed(m.loadFraction * 100, 1), 7),
                padLeft(fixed(m.temperatureCelsius, 0), 9), padLeft(fixed(m.volts, 1), 6),
                "  " + (m.faults.isEmpty ? "-" : m.faults.joined(separator: ", ")),
            ].joined(separator: " "))
        }
        return lines
    }
}
