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

    @Option(name: .long, help: "Record ranges for this many seconds instead of waiting for Enter.")
    var sweepSeconds: Double?

    @Flag(name: .long, help: "Take ranges from robot.yaml's joint limits instead of a sweep.")
    var rangesFromRobot = false

    /// Joints that turn freely and get the whole encoder range, as LeRobot treats wrist_roll.
    static let fullTurnJoints: Set<String> = ["wrist_roll"]

    func run() throws {
        let robot = try robotOption.load()
        let bus = RobotBus(robot: robot, bus: try portOption.openBus(for: robot))
        try bus.verifyMotors()
        let file = output.map { URL(fileURLWithPath: $0) } ?? RobotCalibration.defaultFile(robot: robot.name, id: armID)
        let half = robot.joints.map(\.model.halfTurnTicks)   // 2047, as LeRobot

        try bus.setTorque(false)
        try bus.write(.homingOffset, values: Array(repeating: 0, count: robot.joints.count))
        try bus.write(.minPositionLimit, values: Array(repeating: 0, count: robot.joints.count))
        try bus.write(.maxPositionLimit, values: robot.joints.map { $0.model.ticksPerRevolution - 1 })

        if !yes { prompt("Move \(robot.name) to the middle of its range of motion, then press Enter…") }
        let middle = try bus.readPresent().map(\.positionTicks)
        let offsets = zip(middle, half).map { present, half in
            robot.protocolKind == .feetech ? present - half : half - present
        }
        try bus.write(.homingOffset, values: offsets)

        var low = half, high = half
        if rangesFromRobot {
            for (index, joint) in robot.joints.enumerated() {
                let ticksPerRadian = Double(joint.model.ticksPerRevolution) / (2 * .pi)
                low[index] = max(0, half[index] + Int((joint.lowerRadians * ticksPerRadian).rounded()))
                high[index] = min(joint.model.ticksPerRevolution - 1, half[index] + Int((joint.upperRadians * ticksPerRadian).rounded()))
            }
        } else {
            if sweepSeconds == nil, !yes {
                print("Move every joint through its entire range of motion; press Enter when done.")
            }
            try sweep(bus, low: &low, high: &high)
        }

        var motors: [MotorCalibration] = []
        for (index, joint) in robot.joints.enumerated() {
            var (minimum, maximum) = (low[index], high[index])
            if Self.fullTurnJoints.contains(joint.name) { (minimum, maximum) = (0, joint.model.ticksPerRevolution - 1) }
            guard minimum < maximum else {
                throw ValidationError("joint '\(joint.name)' (motor \(joint.id)) did not move during the sweep: move it through its range, or use --ranges-from-robot")
            }
            motors.append(MotorCalibration(id: Int(joint.id.rawValue), driveMode: 0, homingOffset: offsets[index],
                                           rangeMin: minimum, rangeMax: maximum))
        }
        let calibration = RobotCalibration(motors: motors, jointNames: robot.joints.map(\.name))
        try bus.write(.minPositionLimit, values: motors.map(\.rangeMin))
        try bus.write(.maxPositionLimit, values: motors.map(\.rangeMax))
        try calibration.save(to: file)
        print("calibration of \(robot.name) '\(armID)' written to \(displayPath(file))")
        print("joint            id  homing_offset  range_min  range_max")
        for (joint, motor) in zip(robot.joints, motors) {
            print("\(padRight(joint.name, 15)) \(padLeft(String(motor.id), 3))  \(padLeft(String(motor.homingOffset), 13))  \(padLeft(String(motor.rangeMin), 9))  \(padLeft(String(motor.rangeMax), 9))")
        }
    }

    private func prompt(_ text: String) {
        print(text, terminator: " ")
        flushOutput()
        _ = readLine()
    }

    /// Records min/max present positions until Enter (or for --sweep-seconds), showing them live.
    private func sweep(_ bus: RobotBus, low: inout [Int], high: inout [Int]) throws {
        let start = Monotonic.nanoseconds()
        let names = bus.robot.joints.map(\.name)
        var drawn = false
        installStopSignals()
        while stopSignalReceived == 0 {
            let positions = try bus.readPresent().map(\.positionTicks)
            for index in positions.indices {
                low[index] = min(low[index], positions[index])
                high[index] = max(high[index], positions[index])
            }
            if standardOutputIsTerminal {
                if drawn { print("\u{1B}[\(names.count + 1)A", terminator: "") }
                print("joint            min   pos   max\u{1B}[K")
                for index in names.indices {
                    print("\(padRight(names[index], 15)) \(padLeft(String(low[index]), 5)) \(padLeft(String(positions[index]), 5)) \(padLeft(String(high[index]), 5))\u{1B}[K")
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
        throw ExitCode(130)
    }

    /// Waits up to `ms` for a line on standard input; consumes it.
    static func enterPressed(withinMilliseconds ms: Int32) -> Bool {
        var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, ms) > 0 else { return false }
        _ = readLine()
        return true
    }
}
