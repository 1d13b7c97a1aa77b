import Testing
import SteadyCore
@testable import Safety

/// The whole chain on hand-computed scenarios.
@Suite struct SafetyChainTests {
    private func chain(_ joints: [JointDescription], _ change: (inout SafetyConfiguration) -> Void = { _ in }) throws
        -> SafetyChain {
        var configuration = SafetyConfiguration(joints: joints)
        change(&configuration)
        return try SafetyChain(configuration: configuration)
    }

    @Test func resetClampsTheStartPoseIntoTheLimits() throws {
        let chain = try chain([testJoint(), testJoint()])
        #expect(chain.reset(startPose: [0.5, 1.5]) == .positionLimit)
        #expect(Array(chain.lastSafeCommand) == [0.5, 1])
        #expect(chain.reset(startPose: [0.5, -0.5]).isEmpty)
    }

    @Test func aNaNTargetHoldsTheLastSafeCommandUntilAGoodOneArrives() throws {
        let chain = try chain([testJoint(), testJoint()])
        chain.reset(startPose: [0, 0])
        let inputs = SafetyInputs(positions: [0, 0], temperatures: [30, 30], periodSeconds: 0.01)
        #expect(close(chain.tick([0.005, -0.003], inputs).command, [0.005, -0.003]))
        let (held, report) = chain.tick([.nan, 0.5], inputs)
        #expect(held == [0.005, -0.003] && report.flags.contains(.nanGuard))
        #expect(chain.flags(joint: 0).contains(.nanGuard) && chain.flags(joint: 1).contains(.nanGuard))
        // No new target: still holding, and nothing to report.
        let (still, quiet) = chain.tick(nil, inputs)
        #expect(still == [0.005, -0.003] && quiet.flags.isEmpty)
        let (moving, _) = chain.tick([0.5, -0.003], inputs)
        #expect(close(moving, [0.015, -0.003]))
    }

    @Test func slowPolicyIsInterpolatedIntoLinearRampsAtTheLoopRate() throws {
        let chain = try chain([testJoint(velocity: 10)]) { $0.policyPeriodSeconds = 0.1 }
        chain.reset(startPose: [0])
        let inputs = SafetyInputs(positions: [0], temperatures: [30], periodSeconds: 0.01)
        var sent: [Double] = []
        for tick in 0..<20 {
            let target: [Double]? = tick == 0 ? [0.5] : tick == 10 ? [0.3] : nil
            sent.append(chain.tick(target, inputs).command[0])
        }
        let expected = (1...10).map { 0.05 * Double($0) } + (1...10).map { 0.5 - 0.02 * Double($0) }
        #expect(close(sent, expected, 1e-12), "\(sent)")
    }

    @Test func eventsReachTheLoopThroughTheReport() throws {
        let chain = try chain([testJoint(), testJoint()]) {
            $0.stall = StallThresholds(loadFraction: 0.8, positionErrorRadians: 0.1, reduceTorqueAfterSeconds: 0.02,
                                       dropTorqueAfterSeconds: 1)
        }
        chain.reset(startPose: [0.5, 0])
        let inputs = SafetyInputs(positions: [0.2, 0], loads: [0.95, 0], temperatures: [40, 72], periodSeconds: 0.01)
        let first = chain.tick(nil, inputs).report
        #expect(Array(first.events) == [.temperatureStop(joint: 1, celsius: 72)])
        #expect(first.flags == .temperature && chain.flags(joint: 1) == .temperature)
        inputs.tick = 7
        let second = chain.tick(nil, inputs).report
        #expect(Array(second.events) == [.temperatureStop(joint: 1, celsius: 72), .stall(joint: 0, action: .reduceTorque)])
        #expect(second.tick == 7 && second.flags == [.temperature, .stall])
    }

    @Test func anArmFarFromItsCommandIsApproachedAtTheVelocityLimitNotJumpedTo() throws {
        let chain = try chain([testJoint()]) { $0.maxStepRadians = 0.05 }
        chain.reset(startPose: [0])
        // The arm reads 0.5 rad away (pushed, or a glitch): the command walks toward it at
        // 1 rad/s (10 mrad per tick) until the step limit can be met again.
        let inputs = SafetyInputs(positions: [0.5], temperatures: [30], periodSeconds: 0.01)
        var sent: [Double] = []
        for _ in 0..<50 {
            let (command, report) = chain.tick([0.5], inputs)
            sent.append(command[0])
            if command[0] < 0.449 { #expect(report.flags.contains(.yielded), "\(command[0]) \(report.flags)") }
            if command[0] > 0.451 { #expect(!report.flags.contains(.yielded), "\(command[0]) \(report.flags)") }
        }
        #expect(close(Array(sent.prefix(3)), [0.01, 0.02, 0.03]))
        #expect(close(sent.last!, 0.5))
    }

    @Test func gripperCapAndMaxStepHoldTogetherWithAcceleration() throws {
        let chain = try chain([testJoint(velocity: 4, acceleration: 40), testJoint(velocity: 4, acceleration: 40, gripper: true)]) {
            $0.maxStepRadians = 0.2
            $0.gripperCapRadians = 0.05
        }
        chain.reset(startPose: [0, 0])
        let inputs = SafetyInputs(positions: [0, 0], temperatures: [30, 30], periodSeconds: 0.01)
        // The gripper closes on an object at 0.1 rad; the policy squeezes toward 1 rad.
        var previousVelocity = [0.0, 0.0], previous = [0.0, 0.0]
        for _ in 0..<100 {
            let presentGripper = inputs.presentPositions[1]
            let command = chain.tick([1, 1], inputs).command
            #expect(command[1] <= presentGripper + 0.05 + 1e-12)
            inputs.set(positions: [command[0], min(command[1], 0.1)])
            for joint in 0..<2 {
                let velocity = (command[joint] - previous[joint]) / 0.01
                #expect(abs(velocity) <= 4 + 1e-9)
                if !chain.flags(joint: joint).contains(.yielded) {
                    #expect(abs(velocity - previousVelocity[joint]) / 0.01 <= 40 + 1e-6)
                }
                previousVelocity[joint] = velocity
            }
            previous = command
        }
        #expect(close(previous[1], 0.15, 1e-9), "gripper holds at the object + cap: \(previous[1])")
        #expect(previous[0] > 0.9)
    }
}
