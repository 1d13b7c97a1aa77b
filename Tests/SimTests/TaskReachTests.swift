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

    /// The scripted oracle: steps each moved joint's commanded target toward the target's own
    /// joint configuration as fast as the action bound allows.
    func oracleAction(_ task: ReachTask) -> [Float] {
        let controller = task.controller
        return controller.actuatedJoints.map { joint in
            let error = task.targetJointPositions[joint] - controller.commanded[joint]
            return Float(min(max(error / controller.maximumStepRadians, -1), 1))
        }
    }

    @Test(arguments: [("so101", [0, 1, 2, 3]), ("koch", [0, 1, 2, 3])])
    func theMovedJointsAreThoseThatMoveTheEndEffector(robot: String, moved: [Int]) throws {
        // Wrist roll turns about the axis the ee site lies on; the gripper's jaw carries no site.
        let task = try reach("\(robot):reach")
        #expect(task.controller.actuatedJoints == moved && task.actionSpace.dimension == moved.count)
        #expect(task.rawActionSpace.upper == Array(repeating: Float(0.05), count: moved.count))
    }

    @Test func observationLayoutIsDocumentedAndConsistent() throws {
        let task = try reach("so101:reach")
        #expect(task.layout.dimension == 35 && task.observationSpace.dimension == 35)
        #expect(task.layout.segments.map(\.name) == ["joint_position", "joint_velocity", "commanded", "previous_action",
                                                     "achieved_goal", "desired_goal", "goal_offset", "commanded_ee",
                                                     "commanded_offset"])
        #expect(task.achievedGoalRange == 20..<23 && task.desiredGoalRange == 23..<26 && task.goalOffsetRange == 26..<29)
        #expect(task.controlPeriodSeconds == 0.02 && task.simulation.substeps == 10 && task.maxEpisodeSteps == 50)

        var observation = try task.reset(seed: 5)
        for t in 0..<4 {
            let ee = task.simulation.position(ofSite: 0), goal = task.targetPosition
            #expect(Array(observation[20..<23]) == [Float(ee.x), Float(ee.y), Float(ee.z)])
            #expect(Array(observation[23..<26]) == [Float(goal.x), Float(goal.y), Float(goal.z)])
            for axis in 0..<3 { #expect(observation[26 + axis] == (observation[23 + axis] - observation[20 + axis]) * 10) }
            // The commanded end effector: forward kinematics of the commanded targets (independently, on fresh data).
            let check = SimData(model: task.simulation.nominalModel)
            for (i, joint) in task.simulation.robot.joints.enumerated() {
                check.setPosition(task.controller.commanded[i], of: try check.model.joint(named: joint.name))
            }
            check.forward()
            let commandedEE = check.position(of: try check.model.site(named: "ee"))
            for axis in 0..<3 {
                #expect(abs(observation[29 + axis] - Float(commandedEE[axis])) < 1e-6)
                #expect(observation[32 + axis] == (observation[23 + axis] - observation[29 + axis]) * 10)
            }
            for i in 0..<6 { #expect(observation[i] == Float(task.simulation.position(ofJoint: i))) }
            for k in 0..<4 {
                #expect(observation[12 + k] == Float(task.controller.commanded[k]))
                #expect(observation[16 + k] == task.controller.previousAction[k])
            }
            observation = try task.step([0.5, -0.25, Float(t) * 0.1, 2]).observation
        }
        // Relabelling rewrites the goal and both offsets, nothing else.
        var relabelled = observation
        let goal: [Float] = [0.1, -0.05, 0.2]
        relabelled.withUnsafeMutableBufferPointer { buffer in goal.withUnsafeBufferPointer { task.relabel(buffer, desired: $0) } }
        for index in 0..<35 where !(23..<29).contains(index) && !(32..<35).contains(index) { #expect(relabelled[index] == observation[index]) }
        for axis in 0..<3 {
            #expect(relabelled[23 + axis] == goal[axis])
            #expect(relabelled[26 + axis] == (goal[axis] - observation[20 + axis]) * 10)
            #expect(relabelled[32 + axis] == (goal[axis] - observation[29 + axis]) * 10)
        }
        // Commanded targets integrate the clipped actions from the start pose: 4 steps.
        _ = try task.reset(seed: 6)
        let start = (0..<6).map { task.simulation.position(ofJoint: $0) }
        for _ in 0..<4 { _ = try task.step([1, -0.5, 0, 3]) }
        let expected = [start[0] + 0.2, start[1] - 0.1, start[2], start[3] + 0.2, start[4], start[5]]
        // The start went through Float on its way to the controller.
        for i in 0..<6 { #expect(abs(task.controller.commanded[i] - expected[i]) < 1e-6, "joint \(i)") }
        let ctrl = task.simulation.data.ctrl
        #expect(abs(ctrl[4] - start[4]) < 1e-6 && abs(ctrl[5] - start[5]) < 1e-6, "held joints stay where they started")
    }

    @Test(arguments: ["so101:reach", "koch:reach"])
    func targetsAreTheForwardKinematicsOfJointsInsideTheLimits(name: String) throws {
        let task = try reach(name)
        let check = SimData(model: task.simulation.nominalModel)
        for seed in 0..<20 as Range<UInt64> {
            _ = try task.reset(seed: seed)
            #expect(task.targetPosition.z >= ReachTask.minimumTargetHeightMeters)
            #expect(task.targetPosition.x >= ReachTask.minimumTargetForwardMeters)
            for (i, joint) in task.simulation.robot.joints.enumerated() {
                let middle = 0.5 * (joint.lowerRadians + joint.upperRadians), half = 0.5 * joint.rangeRadians
                let allowed = task.controller.actuatedJoints.contains(i) ? ReachTask.goalRangeFraction * half : 0
                #expect(abs(task.targetJointPositions[i] - (allowed > 0 ? middle : 0)) <= allowed + 1e-12)
                check.setPosition(task.targetJointPositions[i], of: try check.model.joint(named: joint.name))
            }
            check.forward()
            let ee = check.position(of: try check.model.site(named: "ee"))
            #expect(ee == task.targetPosition)
            #expect(check.contactCount == 0)
        }
    }

    /// The scripted oracle steps the commanded targets to the target's joint configuration; it
    /// must end its episodes inside the 2 cm success region, proving the task solvable within
    /// its 50 steps and the success check live.
    @Test(arguments: ["so101:reach", "koch:reach", "so101:reach-sparse", "koch:reach-sparse"])
    func anOracleSteppingToTheTargetJointsSucceeds(name: String) throws {
        let task = try reach(name, seed: 11)
        var finalDistances: [Double] = []
        for episode in 0..<10 {
            _ = try task.reset(seed: episode == 0 ? 11 : nil)
            var last = StepResult(observation: [], reward: 0, terminated: false, truncated: false)
            for _ in 0..<task.maxEpisodeSteps {
                last = try task.step(oracleAction(task))
                if task.isSparse {
                    #expect(abs(last.reward - ((last.info["is_success"] == 1 ? 0 : -1) - last.info["action_rate_penalty"]!)) < 1e-12)
                }
            }
            #expect(last.info["is_success"] == 1, "\(name) episode \(episode): oracle ended \(last.info["distance"]!) m away")
            #expect(last.truncated && !last.terminated)
            finalDistances.append(last.info["distance"]!)
        }
        print("\(name) oracle final distances (m): \(finalDistances.map { String(format: "%.4f", $0) }.joined(separator: " "))")
        // A policy that holds the start pose (all-zero deltas) almost never succeeds.
        var holdSuccesses = 0
        for episode in 0..<10 {
            _ = try task.reset(seed: 100 + UInt64(episode))
            var last = 0.0
            for _ in 0..<task.maxEpisodeSteps { last = try task.step([0, 0, 0, 0]).info["is_success"]! }
            if last == 1 { holdSuccesses += 1 }
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
            var last = 0.0
            for _ in 0..<task.maxEpisodeSteps { last = try task.step(oracleAction(task)).info["is_success"]! }
            if last == 1 { successes += 1 }
        }
        print("\(name) with default randomization: oracle succeeded in \(successes)/\(episodes) episodes")
        #expect(successes >= episodes / 2)
    }

    @Test func rewardsFollowTheDistanceAndComputeRewardAgrees() throws {
        let dense = try reach("koch:reach", seed: 4)
        let sparse = try reach("koch:reach-sparse", seed: 4)
        _ = try dense.reset(seed: 4)
        _ = try sparse.reset(seed: 4)
        for t in 0..<30 {
            let action = (0..<4).map { Float(sin(Double(t + $0) * 0.3)) }
            let d = try dense.step(action), s = try sparse.step(action)
            let miss = d.info["is_success"] == 1 ? 0.0 : 1.0
            #expect(abs(d.reward - (-10 * d.info["distance"]! - miss - d.info["action_rate_penalty"]!)) < 1e-12)
            #expect(d.info["distance"] == s.info["distance"])
            let achieved = Array(d.observation[dense.achievedGoalRange]), desired = Array(d.observation[dense.desiredGoalRange])
            #expect(abs(dense.computeReward(achieved: achieved, desired: desired) - (d.reward + d.info["action_rate_penalty"]!)) < 1e-4)
            #expect(abs(sparse.computeReward(achieved: achieved, desired: desired) - (s.reward + s.info["action_rate_penalty"]!)) < 1e-12)
            #expect(sparse.computeReward(achieved: desired, desired: desired) == 0)
            #expect(dense.isSuccess(achieved: desired, desired: desired))
        }
    }

    @Test func theActionRatePenaltyChargesChangesOfAction() throws {
        let task = try reach("so101:reach", options: TaskOptions(actionRatePenalty: 0.5))
        _ = try task.reset(seed: 9)
        let still = try task.step([0, 0, 0, 0])
        #expect(still.info["action_rate_penalty"] == 0 && still.info["is_success"] == 0 && still.reward == -10 * still.info["distance"]! - 1)
        let change = try task.step([0.2, 0, -0.4, 0])
        let expected = 0.5 * (Double(Float(0.2)) * Double(Float(0.2)) + Double(Float(0.4)) * Double(Float(0.4)))
        #expect(abs(change.info["action_rate_penalty"]! - expected) < 1e-12)
        #expect(abs(change.reward - (-10 * change.info["distance"]! - 1 - change.info["action_rate_penalty"]!)) < 1e-12)
        let same = try task.step([0.2, 0, -0.4, 0])
        #expect(same.info["action_rate_penalty"] == 0, "a constant delta is a constant velocity: no charge")
        let byDefault = try reach("so101:reach")
        #expect(byDefault.actionRatePenalty == ReachReward.defaultActionRatePenalty)
    }

    @Test func episodesTruncateAtTheLimitAndCanTerminateOnSuccess() throws {
        let task = try reach("so101:reach", options: TaskOptions(maxEpisodeSteps: 7))
        _ = try task.reset(seed: 1)
        for t in 1...7 {
            let result = try task.step(Array(repeating: 0, count: 4))
            #expect(result.truncated == (t == 7) && !result.terminated)
        }
        let terminating = try reach("so101:reach", options: TaskOptions(terminateOnSuccess: true))
        _ = try terminating.reset(seed: 2)
        var result = try terminating.step(oracleAction(terminating))
        while !result.terminated && !result.truncated { result = try terminating.step(oracleAction(terminating)) }
        #expect(result.terminated && result.info["is_success"] == 1)
    }

    @Test func aNonFiniteActionIsRejectedBeforeAnythingMoves() throws {
        let task = try reach("so101:reach")
        _ = try task.reset(seed: 3)
        let before = task.simulation.data.qpos
        #expect {
            try task.step([0, .nan, 0, 0])
        } throws: { error in
            guard case SimError.invalidAction(let environment, let action) = error else { return false }
            return environment == "so101:reach" && action[1].isNaN
        }
        #expect(task.simulation.data.qpos == before && task.elapsedSteps == 0)
        #expect(task.controller.previousAction == [0, 0, 0, 0])
    }
}

