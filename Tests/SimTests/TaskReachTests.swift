import Foundation
import MuJoCo
import SteadyCore
import Testing
@testable import Sim

@Suite struct TaskReachTests {
    func reach(_ name: String, randomization: RandomizationSource = .none, seed: UInt64 = 0,
               options: TaskOptions = TaskOptions()) throws -> ReachTask {
        try #require(try TaskFixtures.make(name, randomization: randomization, seed: seed, options: options) as? ReachTask)
    }

    /// The action that commands the target's own joint configuration.
    func oracleAction(_ task: ReachTask) -> [Float] {
        task.targetJointPositions.indices.map { Float(task.simulation.normalizedAction(radians: task.targetJointPositions[$0], joint: $0)) }
    }

    @Test func observationLayoutIsDocumentedAndConsistent() throws {
        let task = try reach("so101:reach")
        #expect(task.layout.dimension == 24 && task.observationSpace.dimension == 24)
        #expect(task.layout.segments.map(\.name) == ["joint_position", "joint_velocity", "previous_action", "achieved_goal", "desired_goal"])
        #expect(task.achievedGoalRange == 18..<21 && task.desiredGoalRange == 21..<24)
        #expect(task.rawActionSpace.lower.map(Double.init) == task.simulation.lowerLimits.map { Double(Float($0)) })
        #expect(task.controlPeriodSeconds == 0.02 && task.simulation.substeps == 10 && task.maxEpisodeSteps == 100)

        let observation = try task.reset(seed: 5)
        let ee = task.simulation.position(ofSite: 0)
        #expect(Array(observation[18..<21]) == [Float(ee.x), Float(ee.y), Float(ee.z)])
        #expect(Array(observation[21..<24]) == [Float(task.targetPosition.x), Float(task.targetPosition.y), Float(task.targetPosition.z)])
        for i in 0..<6 {
            #expect(observation[i] == Float(task.simulation.position(ofJoint: i)))
            #expect(abs(observation[12 + i] - Float(task.simulation.normalizedAction(radians: Double(observation[i]), joint: i))) < 1e-5)
        }
    }

    @Test(arguments: ["so101:reach", "koch:reach"])
    func targetsAreTheForwardKinematicsOfJointsInsideTheLimits(name: String) throws {
        let task = try reach(name)
        let check = SimData(model: task.simulation.nominalModel)
        for seed in 0..<20 as Range<UInt64> {
            _ = try task.reset(seed: seed)
            #expect(task.targetPosition.z >= ReachTask.minimumTargetHeightMeters)
            for (i, joint) in task.simulation.robot.joints.enumerated() {
                #expect((joint.lowerRadians...joint.upperRadians).contains(task.targetJointPositions[i]))
                check.setPosition(task.targetJointPositions[i], of: try check.model.joint(named: joint.name))
            }
            check.forward()
            let ee = check.position(of: try check.model.site(named: "ee"))
            #expect(ee == task.targetPosition)
            #expect(check.contactCount == 0)
        }
    }

    /// The scripted oracle commands the joint configuration the target came from; it must
    /// reach the 2 cm success region within the episode, proving the task solvable and the
    /// success check live.
    @Test(arguments: ["so101:reach", "koch:reach", "so101:reach-sparse", "koch:reach-sparse"])
    func anOracleSendingTheTargetJointsSucceeds(name: String) throws {
        let task = try reach(name, seed: 11)
        var finalDistances: [Double] = []
        for episode in 0..<10 {
            _ = try task.reset(seed: episode == 0 ? 11 : nil)
            let action = oracleAction(task)
            var succeeded = false, last = StepResult(observation: [], reward: 0, terminated: false, truncated: false)
            for _ in 0..<task.maxEpisodeSteps {
                last = try task.step(action)
                succeeded = succeeded || last.info["is_success"] == 1
                if task.isSparse { #expect(last.reward == (last.info["is_success"] == 1 ? 0 : -1)) }
            }
            #expect(succeeded, "\(name) episode \(episode): oracle ended \(last.info["distance"]!) m away")
            #expect(last.truncated && !last.terminated)
            finalDistances.append(last.info["distance"]!)
        }
        print("\(name) oracle final distances (m): \(finalDistances.map { String(format: "%.4f", $0) }.joined(separator: " "))")
        // A policy that holds the start pose almost never succeeds: the check is not vacuous.
        var holdSuccesses = 0
        for episode in 0..<10 {
            let hold = Array(try task.reset(seed: 100 + UInt64(episode))[12..<18])
            var succeeded = false
            for _ in 0..<task.maxEpisodeSteps { succeeded = try task.step(hold).info["is_success"] == 1 || succeeded }
            if succeeded { holdSuccesses += 1 }
        }
        #expect(holdSuccesses <= 1)
    }

    @Test(arguments: ["so101:reach", "koch:reach"])
    func theOracleMostlySucceedsUnderDefaultRandomization(name: String) throws {
        let task = try reach(name, randomization: .robotDefault, seed: 3)
        var successes = 0
        let episodes = 20
        for _ in 0..<episodes {
            _ = try task.reset(seed: nil)
            let action = oracleAction(task)
            var succeeded = false
            for _ in 0..<task.maxEpisodeSteps { succeeded = try task.step(action).info["is_success"] == 1 || succeeded }
            if succeeded { successes += 1 }
        }
        print("\(name) with default randomization: oracle succeeded in \(successes)/\(episodes) episodes")
        #expect(successes >= episodes * 3 / 4)
    }

    @Test func rewardsFollowTheDistanceAndComputeRewardAgrees() throws {
        let dense = try reach("koch:reach", seed: 4)
        let sparse = try reach("koch:reach-sparse", seed: 4)
        _ = try dense.reset(seed: 4)
        _ = try sparse.reset(seed: 4)
        for t in 0..<30 {
            let action = (0..<6).map { Float(sin(Double(t + $0) * 0.3)) }
            let d = try dense.step(action), s = try sparse.step(action)
            #expect(d.reward == -d.info["distance"]!)
            #expect(d.info["distance"] == s.info["distance"])
            let achieved = Array(d.observation[dense.achievedGoalRange]), desired = Array(d.observation[dense.desiredGoalRange])
            #expect(abs(dense.computeReward(achieved: achieved, desired: desired) - d.reward) < 1e-5)
            #expect(sparse.computeReward(achieved: achieved, desired: desired) == s.reward)
            #expect(sparse.computeReward(achieved: desired, desired: desired) == 0)
            #expect(dense.isSuccess(achieved: desired, desired: desired))
        }
    }

    @Test func theActionRatePenaltyChargesChangesOfAction() throws {
        let task = try reach("so101:reach", options: TaskOptions(actionRatePenalty: 0.5))
        let start = try task.reset(seed: 9)
        let hold = Array(start[12..<18])
        let still = try task.step(hold)
        #expect(still.info["action_rate_penalty"] == 0 && still.reward == -still.info["distance"]!)
        var moved = hold
        moved[0] += 0.2
        moved[2] -= 0.4
        let change = try task.step(moved)
        let expected = 0.5 * (Double(Float(0.2)) * Double(Float(0.2)) + 0.16)
        #expect(abs(change.info["action_rate_penalty"]! - expected) < 1e-4)
        #expect(abs(change.reward - (-change.info["distance"]! - change.info["action_rate_penalty"]!)) < 1e-12)
    }

    @Test func episodesTruncateAtTheLimitAndCanTerminateOnSuccess() throws {
        let task = try reach("so101:reach", options: TaskOptions(maxEpisodeSteps: 7))
        _ = try task.reset(seed: 1)
        for t in 1...7 {
            let result = try task.step(Array(repeating: 0, count: 6))
            #expect(result.truncated == (t == 7) && !result.terminated)
        }
        let terminating = try reach("so101:reach", options: TaskOptions(terminateOnSuccess: true))
        _ = try terminating.reset(seed: 2)
        let action = oracleAction(terminating)
        var result = try terminating.step(action)
        while !result.terminated && !result.truncated { result = try terminating.step(action) }
        #expect(result.terminated && result.info["is_success"] == 1)
    }

    @Test func aNonFiniteActionIsRejectedBeforeAnythingMoves() throws {
        let task = try reach("so101:reach")
        _ = try task.reset(seed: 3)
        let before = task.simulation.data.qpos
        #expect {
            try task.step([0, .nan, 0, 0, 0, 0])
        } throws: { error in
            guard case SimError.invalidAction(let environment, let action) = error else { return false }
            return environment == "so101:reach" && action[1].isNaN
        }
        #expect(task.simulation.data.qpos == before && task.elapsedSteps == 0)
    }
}
