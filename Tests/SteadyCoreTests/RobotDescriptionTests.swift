import Foundation
import Testing
import SteadyCore

/// The repository root, found from this file's location.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func robotDirectory(_ name: String) -> URL { repositoryRoot.appendingPathComponent("robots/\(name)") }

/// Parses `yaml` as if it were the file `robot.yaml` and returns the error message.
func loadError(_ yaml: String) -> String? {
    do {
        _ = try RobotDescription.parse(try YAMLValue.parse(yaml, file: "robot.yaml"), directory: nil)
        return nil
    } catch {
        return "\(error)"
    }
}

@Suite struct RobotDescriptionTests {
    @Test func shippedRobotsLoadWithTheIssuesMotors() throws {
        let so101 = try RobotDescription.load(file: robotDirectory("so101").appendingPathComponent("robot.yaml"))
        #expect(so101.protocolKind == .feetech && so101.baudRate == 1_000_000)
        #expect(so101.joints.map(\.name) == ["shoulder_pan", "shoulder_lift", "elbow_flex", "wrist_flex", "wrist_roll", "gripper"])
        #expect(so101.ids.map(\.rawValue) == [1, 2, 3, 4, 5, 6])
        #expect(so101.joints.allSatisfy { $0.model == .sts3215 })
        #expect(so101.joints.last?.isGripper == true)
        #expect(so101.joint(named: "elbow_flex")?.lowerRadians == -1.69)

        let koch = try RobotDescription.load(file: robotDirectory("koch").appendingPathComponent("robot.yaml"))
        #expect(koch.joints.map(\.model) == [.xl430W250, .xl430W250, .xl330M288, .xl330M288, .xl330M288, .xl330M288])
        #expect(koch.joints[1].gains == ServoGains(p: 1500, i: 0, d: 600))
        #expect(koch.joints[0].gains == ServoGains(p: 800, i: 0, d: 0))

        let leap = try RobotDescription.load(file: robotDirectory("leap_hand").appendingPathComponent("robot.yaml"))
        #expect(leap.baudRate == 4_000_000 && leap.joints.count == 16)
        #expect(leap.ids.map(\.rawValue) == Array(0...15))
        #expect(leap.joints.allSatisfy { $0.model == .xc330M288 })
    }

    @Test func unknownRobotNameListsKnownRobots() {
        #expect(throws: RobotError.self) { try RobotDescription.load("no_such_robot") }
    }

    @Test func malformedFilesNameFileLineAndField() {
        let base = """
        name: arm
        protocol: feetech
        baud: 1000000
        defaults: {model: sts3215, velocity_limit: 3}
        joints:
          - {name: a, id: 1, limits: [-1, 1]}

        """
        #expect(loadError(base) == nil)
        // Syntax error: line of the problem.
        #expect(loadError("name: arm\njoints: [\n  - a: 1\n")?.hasPrefix("robot.yaml:") == true)
        // Missing field.
        #expect(loadError(base.replacingOccurrences(of: "baud: 1000000\n", with: ""))
                == "robot.yaml:1: field 'baud': is required but missing")
        // Unknown model: line 4 where the default lives.
        let unknownModel = loadError(base.replacingOccurrences(of: "sts3215", with: "sts9999"))
        #expect(unknownModel?.hasPrefix("robot.yaml:4: field 'defaults.model': unknown motor model 'sts9999'") == true)
        // Wrong type, on the joint's own line.
        #expect(loadError(base.replacingOccurrences(of: "limits: [-1, 1]", with: "limits: [-1, x]"))
                == "robot.yaml:6: field 'joints[0].limits[1]': 'x' is not a number: must be a finite number in [-6.3, 6.3] rad")
        // Typo'd key.
        #expect(loadError(base.replacingOccurrences(of: "velocity_limit", with: "velocity_limt"))?
                .contains("field 'defaults.velocity_limt': unknown field") == true)
        // Duplicate id, protocol/model mismatch, inverted limits.
        #expect(loadError(base + "  - {name: b, id: 1, limits: [-1, 1]}\n")?.contains("already used by joint 'a'") == true)
        #expect(loadError(base.replacingOccurrences(of: "protocol: feetech", with: "protocol: dynamixel"))?
                .contains("speaks feetech") == true)
        #expect(loadError(base.replacingOccurrences(of: "[-1, 1]", with: "[1, -1]"))?.contains("must be below") == true)
        #expect(loadError("")?.contains("empty") == true)
    }

    @Test("numbers out of range are refused at load, naming the field and the allowed values (issue 15)")
    func numbersOutOfRangeAreRefusedAtLoad() {
        let base = """
        name: arm
        protocol: feetech
        baud: 1000000
        defaults: {model: sts3215, velocity_limit: 3, gains: {p: 16, i: 0, d: 32}}
        joints:
          - {name: a, id: 1, limits: [-1, 1]}

        """
        #expect(loadError(base) == nil)
        // The issue's gains: checked against the motor's registers before anything reaches a motor.
        #expect(loadError(base.replacingOccurrences(of: "{p: 16, i: 0, d: 32}", with: "{p: -16, i: 0, d: 99999}"))
                == "robot.yaml:4: field 'defaults.gains.p': -16 is out of range: must be an integer in [0, 254]")
        #expect(loadError(base.replacingOccurrences(of: "d: 32", with: "d: 99999"))
                == "robot.yaml:4: field 'defaults.gains.d': 99999 is out of range: must be an integer in [0, 254]")
        #expect(loadError(base.replacingOccurrences(of: "baud: 1000000", with: "baud: 0"))
                == "robot.yaml:3: field 'baud': 0 is out of range: must be an integer in [9600, 4500000] baud")
        #expect(loadError(base.replacingOccurrences(of: "velocity_limit: 3", with: "velocity_limit: 1e400"))
                == "robot.yaml:4: field 'defaults.velocity_limit': inf is out of range: must be a finite number in [0.001, 100] rad/s")
        #expect(loadError(base.replacingOccurrences(of: "velocity_limit: 3", with: "velocity_limit: 0"))
                == "robot.yaml:4: field 'defaults.velocity_limit': 0 is out of range: must be a finite number in [0.001, 100] rad/s")
        #expect(loadError(base.replacingOccurrences(of: "id: 1", with: "id: 253"))?
                .contains("field 'joints[0].id': 253 is out of range: must be an integer in [0, 252]") == true)
        #expect(loadError(base.replacingOccurrences(of: "[-1, 1]", with: "[-1, 1e9]"))?
                .contains("field 'joints[0].limits[1]': 1000000000 is out of range") == true)
    }
}
