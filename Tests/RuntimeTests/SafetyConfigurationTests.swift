import Testing
import SteadyCore
@testable import Safety

@Suite struct SafetyConfigurationTests {
    @Test func fromRobotTakesTheLimitsOfRobotYaml() throws {
        let configuration = SafetyConfiguration.fromRobot(so101(), maxStepRadians: 0.2, smoothing: .ema(alpha: 0.5),
                                                          policyPeriodSeconds: 1.0 / 30, gripperCapRadians: 0.15)
        try configuration.validate()
        #expect(configuration.jointNames.first == "shoulder_pan" && configuration.jointCount == 6)
        #expect(configuration.lowerRadians[4] == -2.74 && configuration.upperRadians[4] == 2.84)
        #expect(configuration.velocityLimitsRadiansPerSecond == Array(repeating: 4, count: 6))
        #expect(configuration.accelerationLimitsRadiansPerSecond2[0] == 40 && configuration.jerkLimitsRadiansPerSecond3[0] == 4000)
        #expect(configuration.isGripper == [false, false, false, false, false, true])
        #expect(configuration.temperature[0] == TemperatureThresholds(warnCelsius: 55, limitCelsius: 60, stopCelsius: 70))
        let chain = try SafetyChain(configuration: configuration)
        #expect(chain.stages.map(\.name) == ["nanGuard", "positionLimit", "interpolation", "smoothing", "temperature",
                                             "stall", "velocityLimit", "maxStep", "gripperCap", "accelerationJerkLimit",
                                             "finalGuard"])
        #expect(try SafetyChain(robot: so101()).stages.count == 7)
    }

    @Test func calibrationLimitsAreIntersectedWithTheRobotFile() throws {
        let robot = SafetyConfiguration.fromRobot(so101())
        let calibrated = robot.intersectingPositionLimits(lower: [-3, -1, -1, -1, -1, 0], upper: [1, 3, 1, 1, 1, 1])
        #expect(calibrated.lowerRadians == [-1.92, -1, -1, -1, -1, 0])
        #expect(calibrated.upperRadians == [1, 1.75, 1, 1, 1, 1])
        try calibrated.validate()
        let disjoint = robot.intersectingPositionLimits(lower: [-1, -1, 1.8, -1, -1, 0], upper: [1, 1, 2, 1, 1, 1])
        #expect(throws: SafetyConfigurationError.invalidPositionLimits(joint: "elbow_flex", lower: 1.8, upper: 1.69)) {
            try SafetyChain(configuration: disjoint)
        }
    }

    @Test func badOptionsAreRejectedByName() {
        var configuration = SafetyConfiguration.fromRobot(so101())
        func error(_ change: (inout SafetyConfiguration) -> Void) -> String? {
            var copy = configuration
            change(&copy)
            do { try copy.validate(); return nil } catch { return "\(error)" }
        }
        #expect(error { $0.smoothing = .ema(alpha: 0) }?.contains("EMA alpha") == true)
        #expect(error { $0.smoothing = .lowPass(cutoffHertz: .nan) }?.contains("low-pass cutoff") == true)
        #expect(error { $0.maxStepRadians = -0.1 }?.contains("max step") == true)
        #expect(error { $0.policyPeriodSeconds = 0 }?.contains("policy period") == true)
        #expect(error { $0.velocityLimitsRadiansPerSecond[2] = 0 }?.contains("elbow_flex") == true)
        #expect(error { $0.jerkLimitsRadiansPerSecond3[5] = .infinity }?.contains("gripper: jerk") == true)
        #expect(error { $0.temperature[1].stopCelsius = 50 }?.contains("shoulder_lift") == true)
        #expect(error { $0.stall?.dropTorqueAfterSeconds = 0.5 }?.contains("stall") == true)
        #expect(error { $0.isGripper.removeLast() }?.contains("isGripper") == true)
        configuration.jointNames = []
        #expect(error { _ in } != nil)
    }
}
