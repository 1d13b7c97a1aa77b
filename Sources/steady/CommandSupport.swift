import ArgumentParser
import Foundation
import ServoBus
import SteadyCore

/// `--robot NAME|PATH`, shared by every command that drives a robot.
struct RobotOption: ParsableArguments {
    @Option(name: .long, help: "Robot name under robots/ (so101, koch, leap_hand) or a path to a robot directory.")
    var robot: String

    func load() throws -> RobotDescription { try RobotDescription.load(robot) }
}

/// `--port PATH` and an optional baud override.
struct PortOption: ParsableArguments {
    @Option(name: .long, help: "Serial port, e.g. /dev/ttyUSB0 or a twin's link such as /tmp/so101.")
    var port: String

    @Option(name: .long, help: "Baud rate, 9600–4500000 (default: the robot file's).", transform: RobotRanges.baud.parse)
    var baud: Int?

    /// Opens the port and wraps it in a packet bus for `robot`'s protocol.
    ///
    /// Interactive commands allow 50 ms beyond the byte time per reply: USB adapters buffer
    /// (FTDI's latency timer defaults to 16 ms) and a busy machine delays a twin. The control loop
    /// sets its own, tighter budget.
    func openBus(for robot: RobotDescription) throws -> PacketBus {
        let serial = try SerialPort(path: port, baudRate: baud ?? robot.baudRate)
        return PacketBus(transport: serial, protocolKind: robot.protocolKind, latencyAllowanceSeconds: 0.05)
    }
}

/// `--calibration FILE` or `--id NAME` (→ calibration/<robot>/<NAME>.json); neither = factory calibration.
struct CalibrationOption: ParsableArguments {
    @Option(name: .long, help: "Calibration file (LeRobot JSON layout).")
    var calibration: String?

    @Option(name: .customLong("id"), help: "Arm id: loads calibration/<robot>/<id>.json.")
    var armID: String?

    @Flag(name: .long, help: "Use the calibration file even where the motors' Homing_Offset or position limits differ from it.")
    var ignoreCalibrationMismatch = false

    /// The calibration file, nil for the factory calibration.
    func file(for robot: RobotDescription) -> URL? {
        if let calibration { return URL(fileURLWithPath: calibration) }
        return armID.map { RobotCalibration.defaultFile(robot: robot.name, id: $0) }
    }

    func load(for robot: RobotDescription) throws -> RobotCalibration {
        guard let file = file(for: robot) else { return RobotCalibration.factory(for: robot) }
        return try RobotCalibration.load(file: file, robot: robot)
    }

    /// The file the motors must agree with before they are used: the calibration file unless
    /// --ignore-calibration-mismatch (the factory calibration is not checked).
    func fileToVerify(for robot: RobotDescription) -> String? {
        ignoreCalibrationMismatch ? nil : file(for: robot).map(displayPath)
    }
}

/// Writes to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Whether standard output is an interactive terminal (live displays redraw in place only then).
var standardOutputIsTerminal: Bool { isatty(STDOUT_FILENO) != 0 }

/// Flushes standard output (progress lines without a newline).
func flushOutput() { fflush(stdout) }

/// Formats a number with a fixed count of decimals.
func fixed(_ value: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", value) }

/// Pads `text` on the left to `width` characters.
func padLeft(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
}

/// Pads `text` on the right to `width` characters.
func padRight(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}

/// A table cell: `text` padded on the right to `width` characters, with at least one space after it.
func cell(_ text: String, _ width: Int) -> String { padRight(text + " ", width) }

/// Starts this `steady` binary as a child process with `arguments`, its standard output and
/// error going to `output`, its standard input empty.
func startSteadyChild(_ arguments: [String], output: FileHandle) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    process.arguments = arguments
    process.standardOutput = output
    process.standardError = output
    process.standardInput = FileHandle.nullDevice
    try process.run()
    return process
}

/// `url`'s path relative to the working directory when it lies below it, else absolute.
func displayPath(_ url: URL) -> String {
    let base = FileManager.default.currentDirectoryPath + "/"
    let path = url.standardizedFileURL.path
    return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
}
