import ArgumentParser
import Foundation
import ServoBus
import SteadyCore

/// `steady calibrate`: homing offsets and joint ranges, written as a LeRobot calibration file.
struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Calibrate an arm: homing offsets and joint ranges, saved to calibration/<robot>/<id>.json.",
        discussion: """
        As LeRobot does it: torque off; you move the arm to the middle of its range and press \
        Enter (each motor's Homing_Offset is set so that it reads the half turn there); then you \
        move every joint through its whole range while the live minimum and maximum are recorded, \
        and press Enter. Offsets and position limits are written to the motors and the file is \
        written atomically in LeRobot's layout.

        For scripts: --yes takes the present pose as the middle without asking; --sweep-seconds S \
        records ranges for S seconds instead of waiting for Enter; --ranges-from-robot takes the \
        ranges from robot.yaml's joint limits instead of a sweep.
        """)

    @OptionGroup var robotOption: RobotOption
    @OptionGroup var portOption: PortOption

    @Option(name: .customLong("id"), help: "Arm id: the file is calibration/<robot>/<id>.json.")
    var armID: String

    @Option(name: .long, help: "Write the file here instead of calibration/<robot>/<id>.json.")
    var output: String?

    @Flag(name: .long, help: "Do not ask: the present pose is the middle.")
    var yes = false

    @Option(name: .long, help: "Record ranges for this many seconds (up to 3600) instead of waiting for Enter.",
            transform: CommandRanges.sweepSeconds.parse)
    var sweepSeconds: Double?

    @Flag(name: .long, help: "Take ranges from robot.yaml's joint limits instead of a sweep.")
    var rangesFromRobot = false

    func run() throws {
        installStopSignals()
        let robot = try robotOption.load()
        let procedure = CalibrationProcedure(bus: RobotBus(robot: robot, bus: try portOption.openBus(for: robot)))
        let file = output.map { URL(fileURLWithPath: $0) } ?? RobotCalibration.defaultFile(robot: robot.name, id: armID)
        let calibration: RobotCalibration
        do {
            calibration = try calibrate(procedure, file: file)
        } catch {
            let interrupted = error is CalibrationInterrupted
            printError(Self.restore(procedure, file: file, because: interrupted ? "interrupted" : "calibration failed"))
            if interrupted { throw ExitCode(130) }
            if let error = error as? CalibrationError { throw ValidationError(error.description) }
            throw error
        }
        print("calibration of \(robot.name) '\(armID)' written to \(displayPath(file))")
        print("joint            id  homing_offset  range_min  range_max")
        for (joint, motor) in zip(robot.joints, calibration.motors) {
            print("\(padRight(joint.name, 15)) \(padLeft(String(motor.id), 3))  \(padLeft(String(motor.homingOffset), 13))  \(padLeft(String(motor.rangeMin), 9))  \(padLeft(String(motor.rangeMax), 9))")
        }
    }

    /// The steps, each after checking for Ctrl-C; the file is written last, atomically.
    private func calibrate(_ procedure: CalibrationProcedure, file: URL) throws -> RobotCalibration {
        let robot = procedure.robot
        try procedure.begin()
        try Self.checkInterrupt()
        if !yes { try prompt("Move \(robot.name) to the middle of its range of motion, then press Enter…") }
        try procedure.recordMiddle()
        try Self.checkInterrupt()
        if rangesFromRobot {
            procedure.takeRangesFromRobot()
        } else {
            if sweepSeconds == nil, !yes {
                print("Move every joint through its entire range of motion; press Enter when done.")
            } else if let sweepSeconds {
                print("recording every joint's range for \(Double.spell(sweepSeconds)) s (Ctrl-C abandons the calibration)")
            }
            flushOutput()
            try sweep(procedure)
        }
        let calibration = try procedure.finish()
        try Self.checkInterrupt()
        try calibration.save(to: file)
        return calibration
    }

    /// Puts back what the motors held before, and says what happened.
    static func restore(_ procedure: CalibrationProcedure, file: URL, because reason: String) -> String {
        guard procedure.previous != nil else { return "\(reason) before anything was written to the motors; \(displayPath(file)) unchanged" }
        do {
            try procedure.restore()
            return "\(reason): every motor's Homing_Offset and position limits are back to what they were; "
                + "\(displayPath(file)) unchanged; torque is off"
        } catch {
            return "\(reason), and the previous Homing_Offset and position limits could not be written back (\(error)): "
                + "the motors are left with torque off and disagree with \(displayPath(file)); calibrate again before using them"
        }
    }

    /// Throws when SIGINT or SIGTERM arrived.
    static func checkInterrupt() throws {
        if stopSignalReceived != 0 { throw CalibrationInterrupted() }
    }

    /// Prints `text` and waits for Enter (end of input counts), checking for Ctrl-C meanwhile.
    private func prompt(_ text: String) throws {
        print(text, terminator: " ")
        flushOutput()
        while true {
            try Self.checkInterrupt()
            if Self.enterPressed(withinMilliseconds: 50) { return }
        }
    }

    /// Records min/max present positions until Enter (or for --sweep-seconds), showing them live.
    private func sweep(_ procedure: CalibrationProcedure) throws {
        let start = Monotonic.nanoseconds()
        let names = procedure.robot.joints.map(\.name)
        var drawn = false
        while true {
            try Self.checkInterrupt()
            let positions = try procedure.sampleRange()
            if standardOutputIsTerminal {
                if drawn { print("\u{1B}[\(names.count + 1)A", terminator: "") }
                print("joint            min   pos   max\u{1B}[K")
                for index in names.indices {
                    print("\(padRight(names[index], 15)) \(padLeft(String(procedure.low[index]), 5)) \(padLeft(String(positions[index]), 5)) \(padLeft(String(procedure.high[index]), 5))\u{1B}[K")
                }
                drawn = true
            }
            if let seconds = sweepSeconds {
                if Double(Monotonic.nanoseconds() - start) / 1e9 >= seconds { return }
                usleep(20_000)
            } else if yes {
                return
            } else if Self.enterPressed(withinMilliseconds: 50) {
                return
            }
        }
    }

    /// Waits up to `ms` for a line on standard input and consumes it; true also at end of input.
    static func enterPressed(withinMilliseconds ms: Int32) -> Bool {
        var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, ms) > 0 else { return false }
        _ = readLine()
        return true
    }
}

/// Ctrl-C or SIGTERM during `steady calibrate`.
struct CalibrationInterrupted: Error {}
