import Foundation
import Testing
import ServoWire

/// Issue 15, item 4: an interrupted calibration leaves the motors as they were (Ctrl-C), and
/// when it cannot (kill -9) `read` and `run` see that the motors disagree with the file and
/// refuse, naming the joints.
@Suite(.serialized) struct CalibrationSafetyTests {
    /// A first-order so101 twin calibrated into `file` at its homing pose, then moved 300 ticks
    /// on every joint and let go: the next calibration would write other offsets.
    func calibratedTwinMovedAway(file: URL) throws -> TwinProcess {
        let twin = try TwinProcess(robot: "so101", arguments: ["--physics", "none"])
        let first = try steady(["calibrate", "--robot", "so101", "--port", twin.link, "--id", "before", "--yes",
                                "--ranges-from-robot", "--output", file.path])
        try #require(first.status == 0, "\(first.output)")
        let arm = try SerialArm(link: twin.link)
        try arm.bus.setTorque(true)
        try arm.bus.write(.goalPosition, values: Array(repeating: 2347, count: 6))
        let deadline = Date().addingTimeInterval(10)
        while try arm.bus.readPresent().contains(where: { abs($0.positionTicks - 2347) > 2 }), Date() < deadline { usleep(20_000) }
        try arm.bus.setTorque(false)
        return twin
    }

    /// `steady calibrate` sweeping for a minute; returns once the sweep has begun.
    func startSweep(_ twin: TwinProcess, output: URL) throws -> LiveCommand {
        let command = try LiveCommand(["calibrate", "--robot", "so101", "--port", twin.link, "--id", "after", "--yes",
                                       "--sweep-seconds", "60", "--output", output.path])
        #expect(command.wait { $0.contains("recording every joint's range for 60 s") }, "\(command.output)")
        return command
    }

    @Test("Ctrl-C mid-sweep: the previous offsets and limits are written back and it says so")
    func interruptRestores() throws {
        let directory = try scratchDirectory("cal-int")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("before.json"), output = directory.appendingPathComponent("after.json")
        let twin = try calibratedTwinMovedAway(file: file)
        defer { _ = twin.stop() }
        let limitsBefore = try so101Registers(.minPositionLimit, link: twin.link)
        let command = try startSweep(twin, output: output)
        command.send(SIGINT)
        let (status, _, text) = command.finish()
        #expect(status == 130, "\(text)")
        #expect(text.contains("interrupted: every motor's Homing_Offset and position limits are back to what they were"), "\(text)")
        #expect(!FileManager.default.fileExists(atPath: output.path))
        #expect(try so101Registers(.homingOffset, link: twin.link) == Array(repeating: 0, count: 6))
        #expect(try so101Registers(.minPositionLimit, link: twin.link) == limitsBefore)
        let read = try steady(["read", "--robot", "so101", "--port", twin.link, "--calibration", file.path, "--count", "1"])
        #expect(read.status == 0, "the motors agree with the file again: \(read.output)")
    }

    @Test("kill -9 mid-sweep: read and run refuse the old file, naming the joints; the override reads anyway")
    func killedCalibrationIsDetected() throws {
        let directory = try scratchDirectory("cal-kill")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("before.json"), output = directory.appendingPathComponent("after.json")
        let twin = try calibratedTwinMovedAway(file: file)
        defer { _ = twin.stop() }
        let command = try startSweep(twin, output: output)
        command.send(SIGKILL)
        _ = command.finish()
        let offsets = try so101Registers(.homingOffset, link: twin.link)
        #expect(offsets.allSatisfy { abs($0 - 300) <= 3 }, "the new offsets stayed: \(offsets)")

        let read = try steady(["read", "--robot", "so101", "--port", twin.link, "--calibration", file.path, "--count", "1"])
        #expect(read.status != 0)
        #expect(read.output.contains("the motors of shoulder_pan, shoulder_lift, elbow_flex, wrist_flex, wrist_roll, gripper disagree with"),
                "\(read.output)")
        #expect(read.output.contains("shoulder_pan (motor 1) Homing_Offset \(offsets[0]) (file 0), Min_Position_Limit 0 (file 795), "
                                     + "Max_Position_Limit 4095 (file 3299); "), "\(read.output)")
        let run = try steady(["run", "--robot", "so101", "--port", twin.link, "--calibration", file.path, "--policy", "hold",
                              "--duration", "1", "--no-realtime", "--no-log"])
        #expect(run.status != 0 && run.output.contains("disagree with"), "\(run.output)")
        #expect(try so101Registers(.torqueEnable, link: twin.link) == Array(repeating: 0, count: 6))
        let anyway = try steady(["read", "--robot", "so101", "--port", twin.link, "--calibration", file.path, "--count", "1",
                                 "--ignore-calibration-mismatch"])
        #expect(anyway.status == 0, "\(anyway.output)")
    }
}
