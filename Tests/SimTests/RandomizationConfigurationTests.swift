import Foundation
import SteadyCore
import Testing
@testable import Sim

@Suite struct RandomizationConfigurationTests {
    func parse(_ yaml: String) throws -> RandomizationConfiguration {
        try RandomizationConfiguration.parse(YAMLValue.parse(yaml, file: "r.yaml"))
    }

    /// Expects a located error: file r.yaml, the given line and a message containing `reason`.
    func expectError(_ yaml: String, line: Int, field: String? = nil, _ reason: String,
                     sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(sourceLocation: sourceLocation) {
            _ = try bind(yaml)
        } throws: { error in
            guard case SteadyFileError.malformed(let path, let errorLine, let errorField, let message) = error else { return false }
            return path == "r.yaml" && errorLine == line && message.contains(reason) && (field == nil || errorField == field)
        }
    }

    /// Parses and binds to the so101 model, where name errors surface.
    func bind(_ yaml: String) throws -> RandomizationPlan {
        let (robot, model) = try TaskFixtures.load("so101")
        return try RandomizationPlan(configuration: parse(yaml), model: model, jointNames: robot.joints.map(\.name))
    }

    @Test(arguments: ["so101", "koch", "leap_hand"])
    func eachRobotsFileParsesAndBindsToItsModel(robot: String) throws {
        let configuration = try RandomizationConfiguration.load(
            contentsOf: TaskFixtures.directory(robot).appendingPathComponent("randomization.yaml"))
        let (description, model) = try TaskFixtures.load(robot)
        let plan = try RandomizationPlan(configuration: configuration, model: model, jointNames: description.joints.map(\.name))
        // Peng et al. 2018 ranges, but damping narrowed from x[0.2, 20] (see the files' comments).
        #expect(configuration.episode[.linkMass]?.rule == .init(mode: .scale, distribution: .logUniform(lower: 0.25, upper: 4)))
        #expect(configuration.episode[.jointDamping]?.rule == .init(mode: .scale, distribution: .logUniform(lower: 0.5, upper: 2)))
        #expect(configuration.episode[.actuatorGain]?.rule == .init(mode: .scale, distribution: .logUniform(lower: 0.5, upper: 2)))
        #expect(!configuration.noise.isZero && plan.maximumActionDelayTicks == 2)
    }

    @Test func parsesEveryField() throws {
        let configuration = try parse("""
            episode:
              link_mass: {scale: {uniform: [0.5, 2]}, bodies: {gripper: {value: {uniform: [0.05, 0.1]}}}}
              joint_damping: {scale: {log_uniform: [0.2, 20]}, shared: true}
              gravity: {scale: {gaussian: {mean: 1, std: 0.01}}}
              payload_mass: {value: {uniform: [0, 0.1]}}
            step:
              observation_noise:
                joint_position: {white: 0.001, bias: 0.002, ou: {std: 0.003, time_constant: 0.4}}
                end_effector: {white: 0.004}
              action_noise: {white: 0.05}
              control_jitter: {substeps: 1, timestep_scale: {log_uniform: [0.9, 1.1]}}
            """)
        #expect(configuration.file == "r.yaml")
        let mass = try #require(configuration.episode[.linkMass])
        #expect(mass.overrides.map(\.name) == ["gripper"] && mass.overrides[0].rule.mode == .value && mass.overrides[0].location.line == 2)
        #expect(configuration.episode[.jointDamping]?.shared == true)
        #expect(configuration.episode[.payloadMass]?.site == "ee")
        #expect(configuration.noise.jointPosition == RandomizationNoise.Channel(white: 0.001, bias: 0.002,
                                                                                 driftStandardDeviation: 0.003, driftTimeConstantSeconds: 0.4))
        #expect(configuration.noise.endEffector.white == 0.004 && configuration.noise.actionStandardDeviation == 0.05)
        #expect(configuration.noise.substepJitter == 1 && configuration.noise.timestepScale == .logUniform(lower: 0.9, upper: 1.1))
        #expect(RandomizationConfiguration.none.isEmpty && !configuration.isEmpty)
    }

    @Test func anUnknownJointNameIsAnErrorAtItsLineListingTheJoints() throws {
        let yaml = """
            episode:
              joint_damping:
                scale: {uniform: [0.5, 2]}
                joints:
                  elbow: {scale: {uniform: [1, 2]}}
            """
        expectError(yaml, line: 5, field: "episode.joint_damping.joints.elbow", "unknown joint 'elbow'")
        let message = "\(try #require(throws: SteadyFileError.self) { try bind(yaml) })"
        #expect(message.contains("r.yaml:5") && message.contains("shoulder_pan, shoulder_lift, elbow_flex, wrist_flex, wrist_roll, gripper"))
    }

    @Test func anUnknownBodyOrSiteIsAnErrorListingTheKnownOnes() throws {
        expectError("episode: {link_mass: {scale: {uniform: [1, 2]}, bodies: {base: {scale: {uniform: [1, 2]}}}}}",
                    line: 1, "unknown moving body 'base'")
        let message = "\(try #require(throws: SteadyFileError.self) { try bind("episode: {link_mass: {scale: {uniform: [1, 2]}, bodies: {hand: {scale: {uniform: [1, 2]}}}}}") })"
        #expect(message.contains("shoulder, upper_arm, lower_arm, wrist, gripper, moving_jaw"))
        expectError("episode:\n  payload_mass: {value: {uniform: [0, 1]}, site: tool}", line: 2, "payload site 'tool'")
    }

    @Test func structuralMistakesAreLocated() {
        expectError("episode:\n  link_mas: {scale: {uniform: [1, 2]}}", line: 2, "unknown field")
        expectError("episode:\n  armature: {}", line: 2, "exactly one of scale")
        expectError("episode:\n  armature: {scale: {uniform: [1, 2]}, value: {uniform: [1, 2]}}", line: 2, "exactly one of scale")
        expectError("episode:\n  backlash: {scale: {uniform: [1, 2]}}", line: 2, "has no nominal value to scale")
        expectError("episode:\n  gravity: {value: {uniform: [1, 2]}, joints: {a: {value: {uniform: [1, 2]}}}}", line: 2, "unknown field")
        expectError("step:\n  action_noise: {white: -0.1}", line: 2, "must not be negative")
        expectError("step:\n  observation_noise:\n    joint_position: {ou: {std: 0.1, time_constant: 0}}", line: 3, "time_constant must be positive")
        expectError("step:\n  control_jitter: {timestep_scale: {uniform: [0, 1.1]}}", line: 2, "must stay above 0")
        expectError("episode: [1, 2]", line: 1, "expected a mapping")
    }

    @Test func valuesThatCouldBeImpossibleAreRejected() {
        expectError("episode:\n  joint_damping: {scale: {gaussian: {mean: 1, std: 0.5}}}", line: 2, "can be drawn negative")
        expectError("episode:\n  link_mass: {value: {uniform: [0, 0.1]}}", line: 2, "must stay above 0")
        expectError("episode:\n  action_delay: {value: {gaussian: {mean: 1, std: 1}}}", line: 2, "can be drawn negative")
        // A clip makes the gaussian safe.
        #expect(throws: Never.self) { try bind("episode:\n  joint_damping: {scale: {gaussian: {mean: 1, std: 0.5, clip: [0.1, 2]}}}") }
        #expect(throws: Never.self) { try bind("episode:\n  gravity: {scale: {gaussian: {mean: 1, std: 0.5}}}") }
    }

    @Test func malformedYAMLNamesTheFileAndLine() throws {
        let path = try TaskFixtures.temporaryFile("episode:\n  link_mass: {scale: {uniform: [0.5, 2]}\n  armature: [")
        #expect {
            try RandomizationConfiguration.load(contentsOf: URL(fileURLWithPath: path))
        } throws: { error in
            guard case SteadyFileError.malformed(let errorPath, let line, _, _) = error else { return false }
            return errorPath == path && line != nil
        }
    }
}
