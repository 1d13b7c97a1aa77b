import Foundation
import Metrics
import ServoBus
import ServoWire
import SteadyCore
import SteadyTesting
import Testing
@testable import Runtime

/// Whole runs: connect, soft start, stop, torque off, run log, summary.json.
@Suite(.serialized) struct RobotRuntimeTests {
    func temporaryDirectory() -> URL {
        URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("steady-run-\(UUID().uuidString)")
    }

    func options(rate: Double, duration: Double? = nil) -> RunOptions {
        RunOptions(loop: LoopConfiguration(rateHz: rate, durationSeconds: duration, softStartSeconds: 0.1, holdSeconds: 0.05),
                   realTime: .none)
    }

    @Test("a stop request mid-run (what SIGINT does) ends with torque off on every motor, the twin confirms it")
    func stopRequestTurnsTorqueOff() throws {
        let robot = so101()
        let twin = ServoTwin(robot: robot)
        let transport = TwinTransport(twin: twin)
        let runtime = RobotRuntime(robot: robot, calibration: .factory(for: robot), transport: transport,
                                   policy: SinePolicy(robot: robot, callRateHz: 200), safety: .fromRobot(robot),
                                   options: options(rate: 200))
        let started = Date()
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var sawTorqueOn = false
        let result = try runtime.run(directory: directory, shouldStop: {
            sawTorqueOn = sawTorqueOn || twin.motors.allSatisfy(\.torqueEnabled)
            return Date().timeIntervalSince(started) > 0.4
        })
        #expect(sawTorqueOn)
        #expect(result.stopReason == .requested)
        #expect(result.torqueOff == true)
        #expect(twin.motors.allSatisfy { !$0.torqueEnabled })
        // Every tick is in the log, and summary.json is the Metrics module on the logged signals.
        let log = try RunLog.read(directory)
        #expect(log.isComplete)
        #expect(log.tickCount == result.counters.ticks)
        #expect(result.ticksLogged == result.counters.ticks)
        #expect(result.droppedRecords == 0)
        let summary = try MetricsReport.load(contentsOf: directory.appendingPathComponent(MetricsReport.fileName))
        #expect(summary == MetricsReport(signals: try log.signals().withRanges(from: robot)))
        #expect(log.events.contains { $0.text.contains("torque off on every motor") })
    }

    @Test("summary.json, the log's signals and its CSV export give the same metrics")
    func csvExportGivesTheSameMetrics() throws {
        let robot = so101()
        let twin = ServoTwin(robot: robot)
        let runtime = RobotRuntime(robot: robot, calibration: .factory(for: robot), transport: TwinTransport(twin: twin),
                                   policy: SinePolicy(robot: robot, callRateHz: 100), safety: .fromRobot(robot),
                                   options: options(rate: 100, duration: 0.6))
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try runtime.run(directory: directory)
        #expect(result.stopReason == .duration)
        let log = try RunLog.read(directory)
        let table = try CSVTable(parsing: try log.csv(), path: "commands.csv")
        let fromCSV = MetricsReport(signals: try RunSignals(table: table, sampleRateHz: nil))
        let fromLog = MetricsReport(signals: try log.signals())
        #expect(fromCSV == fromLog)
        #expect(fromLog.ticks == log.tickCount)
        #expect(fromLog.loopTiming != nil)
        #expect(fromLog.limiterActivity.keys.contains("velocityLimit"))
    }

    @Test("a run log cut short by a crash still reads up to the damage")
    func truncatedLogReads() throws {
        let robot = so101()
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let runtime = RobotRuntime(robot: robot, calibration: .factory(for: robot), transport: TwinTransport(twin: ServoTwin(robot: robot)),
                                   policy: HoldPolicy(jointCount: 6), safety: .fromRobot(robot), options: options(rate: 100, duration: 0.5))
        _ = try runtime.run(directory: directory)
        let url = directory.appendingPathComponent(RunLogger.fileName)
        let whole = try Data(contentsOf: url)
        let full = try RunLog.read(url)
        try whole.prefix(whole.count * 2 / 3).write(to: url)
        let cut = try RunLog.read(url)
        #expect(!cut.isComplete && full.cutShort == nil)
        #expect(cut.cutShort?.hasPrefix("the record at byte ") == true || cut.cutShort?.hasPrefix("the file ends at byte ") == true,
                "\(cut.cutShort ?? "nil")")
        #expect(cut.tickCount > full.tickCount / 3 && cut.tickCount < full.tickCount)
        #expect(cut.records.map(\.bitPattern) == full.records.prefix(cut.records.count).map(\.bitPattern))
    }

    @Test("robot.yaml's servo gains are written at connect where they differ, and only there")
    func gainsAreWrittenAtConnect() throws {
        var robot = so101()
        robot.joints[5].gains = ServoGains(p: 20, i: 1, d: 30)
        let twin = ServoTwin(robot: robot)
        // Factory STS3215 coefficients: P 32, I 0, D 32; joint 1 already has robot.yaml's.
        for register in ["P_Coefficient", "D_Coefficient"] { #expect(twin.motors[0].value(register) == 32) }
        twin.motors[1].write(address: 55, data: [0])   // Lock off: EEPROM writable
        twin.motors[1].write(address: 21, data: [16])
        twin.motors[1].write(address: 55, data: [1])
        #expect(twin.motors[1].value("P_Coefficient") == 16)
        func run() throws -> RunResult {
            let runtime = RobotRuntime(robot: robot, calibration: .factory(for: robot), transport: TwinTransport(twin: twin),
                                       policy: HoldPolicy(jointCount: 6), safety: .fromRobot(robot), options: options(rate: 100, duration: 0.1))
            return try runtime.run(directory: nil)
        }
        let first = try run()
        for (index, motor) in twin.motors.enumerated() {
            let wanted = robot.joints[index].gains
            #expect([motor.value("P_Coefficient"), motor.value("I_Coefficient"), motor.value("D_Coefficient")] == [wanted.p, wanted.i, wanted.d])
        }
        #expect(first.notices.contains("gains: robot.yaml's per joint written to 5 motors (P/I/D were: shoulder_pan 32/0/32, "
                                       + "elbow_flex 32/0/32, wrist_flex 32/0/32, wrist_roll 32/0/32, gripper 32/0/32)"), "\(first.notices)")
        // The next connect finds nothing to write.
        #expect(first.torqueOff == true)
        let second = try run()
        #expect(second.notices.contains("gains: robot.yaml's per joint already set on every motor"), "\(second.notices)")
    }

    @Test("a wrong motor model is refused before torque goes on, naming the motor")
    func wrongModelIsRefused() throws {
        var robot = so101()
        let twin = ServoTwin(robot: robot)
        robot.joints[3].model = .xl430W250
        let runtime = RobotRuntime(robot: robot, calibration: .factory(for: robot), transport: TwinTransport(twin: twin),
                                   policy: HoldPolicy(jointCount: 6), safety: .fromRobot(robot), options: options(rate: 100))
        #expect(throws: ServoBusError.self) { try runtime.run(directory: nil) }
        #expect(twin.motors.allSatisfy { !$0.torqueEnabled })
    }
}
