import Foundation
import Testing
import ServoWire

/// Issue 15, items 1, 5 and 7: numbers that crashed Steady, or were taken silently, are refused
/// with the option or field, its allowed values and a non-zero exit, before anything reaches a
/// motor (the twin's motors show it: torque never on, gains as they were).
@Suite(.serialized) struct BadInputTests {
    func refuses(_ arguments: [String], naming option: String, _ allowed: String) throws {
        let result = try steady(arguments)
        #expect(result.status != 0, "\(arguments) should fail")
        #expect(result.output.contains(option) && result.output.contains(allowed), "\(arguments): \(result.output)")
        #expect(!result.output.contains("Fatal error") && !result.output.contains("Stack dump"), "\(result.output)")
    }

    @Test func runOptionsThatCrashedAfterTorqueOnAreRefusedFirst() throws {
        let twin = try TwinProcess(robot: "so101", arguments: ["--physics", "none"])
        defer { _ = twin.stop() }
        let run = ["run", "--robot", "so101", "--port", twin.link, "--policy", "sine", "--rate", "100", "--no-realtime", "--no-log"]
        try refuses(run + ["--duration", "inf", "--soft-start", "0.1"], naming: "--duration", "(0, 1000000] s")
        try refuses(run + ["--duration", "1e300"], naming: "--duration", "(0, 1000000] s")
        try refuses(run + ["--soft-start", "1e300"], naming: "--soft-start", "[0, 60] s")
        try refuses(run + ["--spin-us", "inf"], naming: "--spin-us", "[0, 10000] µs")
        try refuses(run + ["--policy-budget", "inf"], naming: "--policy-budget", "(0, 1]")
        try refuses(run + ["--hold", "1e12"], naming: "--hold", "[0, 60] s")
        try refuses(run + ["--frequency", "inf"], naming: "--frequency", "(0, 50] Hz")
        try refuses(run + ["--baud", "0"], naming: "--baud", "[9600, 4500000] baud")
        try refuses(run + ["--rate", "nan"], naming: "--rate", "[1, 1000] Hz")
        try refuses(run + ["--max-failed-share", "2"], naming: "--max-failed-share", "[0, 1]")
        try refuses(run + ["--spin-us", "9000", "--rate", "200"], naming: "--spin-us", "shorter than the period")
        #expect(try so101Registers(.torqueEnable, link: twin.link) == Array(repeating: 0, count: 6), "torque never went on")
    }

    @Test func trainAndTwinOptionsThatCrashedOrWereTakenWrongAreRefused() throws {
        let out = NSTemporaryDirectory() + "steady-never-\(UUID().uuidString.prefix(8))"
        let train = ["train", "--env", "pendulum", "--steps", "100", "--out", out]
        try refuses(train + ["--net", "100000000,100000000"], naming: "--net", "[1, 4096] units")
        try refuses(train + ["--tau", "5"], naming: "--tau", "(0, 1]")
        try refuses(train + ["--tau", "0"], naming: "--tau", "(0, 1]")
        try refuses(train + ["--ou-dt=-1", "--explore", "ou", "--algo", "td3"], naming: "--ou-dt", "(0, 10]")
        try refuses(train + ["--buffer", "0"], naming: "--buffer", "[1, 10000000] transitions")
        try refuses(train + ["--gamma", "2"], naming: "--gamma", "[0, 1]")
        try refuses(train + ["--sigma", "inf"], naming: "--sigma", "[0, 10]")
        try refuses(train + ["--eval-every=-1"], naming: "--eval-every", "0 (only at the end) or an integer in [1, 1000000000] steps")
        try refuses(train + ["--log-every", "0"], naming: "--log-every", "[1, 1000000000] steps")
        #expect(!FileManager.default.fileExists(atPath: out))

        let link = NSTemporaryDirectory() + "steady-never-\(UUID().uuidString.prefix(8))"
        try refuses(["twin", "--robot", "so101", "--link", link, "--latency-ms", "inf"], naming: "--latency-ms", "[0, 1000] ms")
        try refuses(["twin", "--robot", "so101", "--link", link, "--drop-rate", "1.5"], naming: "--drop-rate", "[0, 1]")
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: link)) == nil, "no link left behind")
    }

    @Test func robotYamlGainsOutOfRangeAreRefusedBeforeAnyWrite() throws {
        let directory = try scratchDirectory("gains")
        defer { try? FileManager.default.removeItem(at: directory) }
        let robot = directory.appendingPathComponent("so101")
        try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("robots/so101"), to: robot)
        let yaml = robot.appendingPathComponent("robot.yaml")
        try String(contentsOf: yaml, encoding: .utf8).replacingOccurrences(of: "gains: {p: 16, i: 0, d: 32}", with: "gains: {p: -16, i: 0, d: 99999}")
            .write(to: yaml, atomically: true, encoding: .utf8)
        let twin = try TwinProcess(robot: "so101", arguments: ["--physics", "none"])
        defer { _ = twin.stop() }
        try refuses(["run", "--robot", robot.path, "--port", twin.link, "--policy", "hold", "--no-realtime", "--no-log"],
                    naming: "robot.yaml:11: field 'defaults.gains.p'", "-16 is out of range: must be an integer in [0, 254]")
        #expect(try so101Registers("P_Coefficient", link: twin.link) == Array(repeating: 32, count: 6), "the factory gains stay")
        #expect(try so101Registers("D_Coefficient", link: twin.link) == Array(repeating: 32, count: 6))
        #expect(try so101Registers(.torqueEnable, link: twin.link) == Array(repeating: 0, count: 6))
    }

    @Test func aCheckpointOfAnotherFormatIsRefused() throws {
        let directory = try scratchDirectory("format")
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = directory.appendingPathComponent("pendulum")
        let trained = try steady(["train", "--env", "pendulum", "--steps", "200", "--learning-starts", "100", "--net", "8,8",
                                  "--batch", "16", "--final-episodes", "1", "--eval-every", "0", "--quiet", "--out", run.path])
        try #require(trained.status == 0, "\(trained.output)")
        let model = run.appendingPathComponent("policy/model.safetensors")
        var bytes = try Data(contentsOf: model)
        let range = try #require(bytes.range(of: Data("\\\"format\\\" : 1,".utf8)), "the metadata JSON as Checkpoint.encode writes it")
        bytes.replaceSubrange(range, with: Data("\\\"format\\\" :99,".utf8))
        try bytes.write(to: model)
        try refuses(["eval", "--policy", run.path, "--episodes", "1"], naming: "model.safetensors: invalid checkpoint: field 'format' is 99",
                    "reads format 1 only")
    }
}
