import Foundation
import MuJoCo
import SteadyCore
import Testing
@testable import Sim

/// Shared inputs of the task and randomization tests: the repository's robots.
enum TaskFixtures {
    /// The repository's `robots/` directory.
    static let robots = Fixtures.packageRoot.appendingPathComponent("robots")

    /// A robot's directory.
    static func directory(_ robot: String) -> URL { robots.appendingPathComponent(robot) }

    /// A robot's description and nominal model.
    static func load(_ robot: String) throws -> (RobotDescription, SimModel) {
        let description = try RobotDescription.load(file: directory(robot).appendingPathComponent("robot.yaml"))
        let model = try SimModel(contentsOf: directory(robot).appendingPathComponent("model.xml").path)
        return (description, model)
    }

    /// A registered environment built from the repository's robots.
    static func make(_ name: String, randomization: RandomizationSource = .none, seed: UInt64 = 0,
                     options: TaskOptions = TaskOptions()) throws -> any Environment {
        try EnvironmentRegistry.make(name, randomization: randomization, seed: seed, options: options, robotsDirectory: robots)
    }

    /// Writes `text` to a fresh temporary file and returns its path.
    static func temporaryFile(_ text: String, name: String = "randomization.yaml") throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("steady-tasks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// Runs one episode with `policy(step) -> action`, returning every step's result.
    static func rollout(_ environment: any Environment, seed: UInt64?, steps: Int,
                        policy: (Int) -> [Float]) throws -> (first: [Float], steps: [StepResult]) {
        let first = try environment.reset(seed: seed)
        var results: [StepResult] = []
        for t in 0..<steps { results.append(try environment.step(policy(t))) }
        return (first, results)
    }
}

@Suite struct TaskRegistryTests {
    @Test(arguments: EnvironmentRegistry.names)
    func everyRegisteredEnvironmentBuildsAndSteps(name: String) throws {
        let environment = try TaskFixtures.make(name)
        #expect(environment.name == name)
        let observation = try environment.reset(seed: 1)
        #expect(environment.observationSpace.dimension == observation.count)
        #expect(environment.actionSpace == BoxSpace(dimension: environment.actionSpace.dimension, lower: -1, upper: 1))
        let result = try environment.step(Array(repeating: 0.1, count: environment.actionSpace.dimension))
        #expect(result.observation.count == observation.count && result.reward.isFinite)
        #expect(result.observation.allSatisfy { $0.isFinite })
    }

    @Test(arguments: ["so101:reach", "koch:reach", "leap_hand:pose"])
    func eachRobotsDefaultRandomizationLoadsAndRuns(name: String) throws {
        let environment = try TaskFixtures.make(name, randomization: .robotDefault, seed: 2)
        _ = try environment.reset(seed: nil)
        for _ in 0..<20 {
            let result = try environment.step(Array(repeating: 0.3, count: environment.actionSpace.dimension))
            #expect(result.observation.allSatisfy { $0.isFinite })
        }
    }

    @Test func anUnknownNameListsTheKnownOnes() throws {
        #expect(throws: TaskError.unknownEnvironment(name: "so101:fly", known: EnvironmentRegistry.names)) {
            try TaskFixtures.make("so101:fly")
        }
        let message = TaskError.unknownEnvironment(name: "so101:fly", known: EnvironmentRegistry.names).description
        #expect(message.contains("so101:fly") && message.contains("koch:reach") && message.contains("leap_hand:pose"))
    }

    @Test func pendulumRefusesRandomization() throws {
        #expect(throws: TaskError.randomizationNotSupported(environment: "pendulum")) {
            try TaskFixtures.make("pendulum", randomization: .robotDefault)
        }
    }

    @Test func aMissingRandomizationFileIsAClearError() throws {
        #expect(throws: SteadyFileError.notFound(path: "/nonexistent/randomization.yaml")) {
            try TaskFixtures.make("so101:reach", randomization: .file("/nonexistent/randomization.yaml"))
        }
        #expect(RandomizationSource(argument: "none") == .none)
        #expect(RandomizationSource(argument: "default") == .robotDefault)
        #expect(RandomizationSource(argument: "my.yaml") == .file("my.yaml"))
    }

    @Test func aMalformedModelIsAClearErrorNotAnExit() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("steady-bad-model-\(UUID().uuidString)")
        let robot = directory.appendingPathComponent("so101")
        try FileManager.default.createDirectory(at: robot, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: TaskFixtures.directory("so101").appendingPathComponent("robot.yaml"),
                                         to: robot.appendingPathComponent("robot.yaml"))
        try "<mujoco><worldbody><body><joint name=\"x\" type=\"hinge\"/></body></worldbody>"
            .write(to: robot.appendingPathComponent("model.xml"), atomically: true, encoding: .utf8)
        #expect {
            try EnvironmentRegistry.make("so101:reach", robotsDirectory: directory)
        } throws: { error in
            guard case SimError.modelLoad(let path, let message) = error else { return false }
            return path.hasSuffix("so101/model.xml") && !message.isEmpty
        }
    }

    @Test func aModelThatDisagreesWithRobotYAMLIsRejected() throws {
        var (robot, model) = try TaskFixtures.load("so101")
        robot.joints[1].upperRadians = 1.5
        #expect {
            try ReachTask(name: "so101:reach", robot: robot, model: model)
        } throws: { error in
            guard case TaskError.modelMismatch(_, _, let detail) = error else { return false }
            return detail.contains("shoulder_lift")
        }
        robot = try TaskFixtures.load("so101").0
        robot.joints[0].name = "turntable"
        #expect {
            try ReachTask(name: "so101:reach", robot: robot, model: model)
        } throws: { error in
            guard case TaskError.modelMismatch(_, _, let detail) = error else { return false }
            return detail.contains("turntable") && detail.contains("shoulder_pan")
        }
    }

    @Test func controlRatesMustBeWholeNumbersOfPhysicsSteps() throws {
        let (robot, model) = try TaskFixtures.load("koch")
        let slow = try ReachTask(name: "koch:reach", robot: robot, model: model, options: TaskOptions(controlFrequencyHertz: 25))
        #expect(slow.simulation.substeps == 20 && slow.controlPeriodSeconds == 0.04)
        #expect {
            try ReachTask(name: "koch:reach", robot: robot, model: model, options: TaskOptions(controlFrequencyHertz: 33))
        } throws: { error in
            guard case TaskError.invalidOption(let name, _) = error else { return false }
            return name == "control frequency"
        }
        #expect(throws: TaskError.self) {
            try ReachTask(name: "koch:reach", robot: robot, model: model, options: TaskOptions(maxEpisodeSteps: 0))
        }
    }
}
