import Foundation
import Testing
import SteadyCore

/// A calibration file as LeRobot 0.3 writes it for an SO-101 follower.
let leRobotSO101 = """
{
    "shoulder_pan": {"id": 1, "drive_mode": 0, "homing_offset": -1470, "range_min": 758, "range_max": 3292},
    "shoulder_lift": {"id": 2, "drive_mode": 0, "homing_offset": 157, "range_min": 612, "range_max": 3401},
    "elbow_flex": {"id": 3, "drive_mode": 0, "homing_offset": 1105, "range_min": 883, "range_max": 3095},
    "wrist_flex": {"id": 4, "drive_mode": 0, "homing_offset": -1993, "range_min": 866, "range_max": 3246},
    "wrist_roll": {"id": 5, "drive_mode": 0, "homing_offset": 974, "range_min": 0, "range_max": 4095},
    "gripper": {"id": 6, "drive_mode": 0, "homing_offset": 1379, "range_min": 2031, "range_max": 3450}
}
"""

@Suite struct CalibrationTests {
    let robot = try! RobotDescription.load(file: robotDirectory("so101").appendingPathComponent("robot.yaml"))

    func write(_ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cal-\(UUID().uuidString).json")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func leRobotFileLoadsAsItIsAndRoundTrips() throws {
        let url = try write(leRobotSO101)
        let calibration = try RobotCalibration.load(file: url, robot: robot)
        #expect(calibration.motors[0] == MotorCalibration(id: 1, driveMode: 0, homingOffset: -1470, rangeMin: 758, rangeMax: 3292))
        #expect(calibration.motors[5].rangeMax == 3450)
        let copy = url.deletingLastPathComponent().appendingPathComponent("copy-\(UUID().uuidString).json")
        try calibration.save(to: copy)
        #expect(try RobotCalibration.load(file: copy, robot: robot) == calibration)
    }

    @Test func corruptFilesNameTheFileAndTheJoint() throws {
        func message(_ text: String) throws -> String {
            let url = try write(text)
            do { _ = try RobotCalibration.load(file: url, robot: robot); return "loaded" } catch {
                let text = "\(error)"
                #expect(text.hasPrefix(url.path))
                return text
            }
        }
        #expect(try message("{ not json").contains("not a LeRobot calibration"))
        #expect(try message(leRobotSO101.replacingOccurrences(of: "\"range_max\": 3292", with: "\"range_max\": \"x\""))
                .contains("shoulder_pan.range_max"))
        #expect(try message(leRobotSO101.replacingOccurrences(of: ", \"range_max\": 3450", with: ""))
                .contains("gripper.range_max"))
        #expect(try message(leRobotSO101.replacingOccurrences(of: "\"id\": 3", with: "\"id\": 9"))
                .contains("field 'elbow_flex': id 9 does not match"))
        #expect(try message(leRobotSO101.replacingOccurrences(of: "\"range_min\": 2031", with: "\"range_min\": 3500"))
                .contains("field 'gripper'"))
        #expect(try message(leRobotSO101.replacingOccurrences(of: "\"gripper\"", with: "\"grip\""))
                .contains("field 'gripper': no calibration"))
        #expect(throws: SteadyFileError.self) {
            try RobotCalibration.load(file: URL(fileURLWithPath: "/nonexistent/x.json"), robot: robot)
        }
    }

    @Test func conversionIsLinearAboutTheRangeMiddleAndClamped() {
        let motor = MotorCalibration(id: 1, driveMode: 0, homingOffset: 0, rangeMin: 1000, rangeMax: 3000)
        let conversion = JointConversion(calibration: motor, ticksPerRevolution: 4096)
        // 0 rad is the half turn, 2047, wherever the range lies.
        #expect(conversion.radians(ticks: 2047) == 0)
        // A quarter turn is 1024 ticks.
        #expect(abs(conversion.radians(ticks: 3071) - Double.pi / 2) < 1e-12)
        #expect(conversion.ticks(radians: -Double.pi / 4) == 1535)
        #expect(conversion.ticks(radians: 10) == 3000)
        #expect(conversion.ticks(radians: -10) == 1000)
        #expect(conversion.ticks(radians: .nan) == 2047)
        let inverted = JointConversion(calibration: MotorCalibration(id: 1, driveMode: 1, homingOffset: 0, rangeMin: 1000, rangeMax: 3000),
                                       ticksPerRevolution: 4096)
        #expect(abs(inverted.radians(ticks: 3071) + Double.pi / 2) < 1e-12)
        for ticks in stride(from: 1000, through: 3000, by: 7) {
            #expect(conversion.ticks(radians: conversion.radians(ticks: ticks)) == ticks)
            #expect(inverted.ticks(radians: inverted.radians(ticks: ticks)) == ticks)
        }
    }

    @Test func unwrapUndoesTheEncoderWrap() {
        let c = JointConversion(calibration: MotorCalibration(id: 1, driveMode: 0, homingOffset: 0, rangeMin: 0, rangeMax: 4095),
                                ticksPerRevolution: 4096)
        #expect(c.unwrap(ticks: 5, previous: 4090) == 4101)
        #expect(c.unwrap(ticks: 4090, previous: 5) == -6)
        #expect(c.unwrap(ticks: 2100, previous: 2000) == 2100)
    }

    @Test func factoryCalibrationPutsZeroRadiansAtTheHalfTurn() {
        let conversions = RobotCalibration.factory(for: robot).conversions(for: robot)
        #expect(conversions.allSatisfy { $0.ticks(radians: 0) == 2047 })
    }
}
