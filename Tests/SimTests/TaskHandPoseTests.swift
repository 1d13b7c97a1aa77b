import Foundation
import MuJoCo
import SteadyCore
import Testing
@testable import Sim

@Suite struct TaskHandPoseTests {
    func hand(_ name: String = "leap_hand:pose", randomization: RandomizationSource = .none, seed: UInt64 = 0) throws -> HandPoseTask {
        try #require(try TaskFixtures.make(name, randomization: randomization, seed: seed) as? HandPoseTask)
    }

    func oracleAction(_ task: HandPoseTask) -> [Float] {
        task.targetJointPositions.indices.map { Float(task.simulation.normalizedAction(radians: task.targetJointPositions[$0], joint: $0)) }
    }

    @Test func observationLayoutHoldsJointsFingertipsAndTheGoal() throws {
        let task = try hand()
        #expect(task.layout.dimension == 76 && task.observationSpace.dimension == 76 && task.actionSpace.dimension == 16)
        #expect(task.layout.segments.map(\.name) == ["joint_position", "joint_velocity", "previous_action", "fingertip_position", "desired_goal"])
        #expect(task.achievedGoalRange == 0..<16 && task.desiredGoalRange == 60..<76)
        let observation = try task.reset(seed: 2)
        #expect(Array(observation[60..<76]) == task.targetJointPositions.map(Float.init))
        for k in 0..<4 {
            let tip = task.simulation.position(ofSite: k)
            #expect(Array(observation[(48 + 3 * k)..<(51 + 3 * k)]) == [Float(tip.x), Float(tip.y), Float(tip.z)])
        }
    }

    @Test func targetPosesAreInsideTheLimitsAndFreeOfSelfContact() throws {
        let task = try hand()
        let check = SimData(model: task.simulation.nominalModel)
        var targets: Set<[Double]> = []
        for seed in 0..<15 as Range<UInt64> {
            _ = try task.reset(seed: seed)
            for (i, joint) in task.simulation.robot.joints.enumerated() {
                #expect((joint.lowerRadians...joint.upperRadians).contains(task.targetJointPositions[i]))
                check.setPosition(task.targetJointPositions[i], of: try check.model.joint(named: joint.name))
            }
            check.forward()
            #expect(check.contactCount == 0)
            targets.insert(task.targetJointPositions)
        }
        #expect(targets.count == 15)
    }

    @Test(arguments: ["leap_hand:pose", "leap_hand:pose-sparse"])
    func anOracleSendingTheTargetPoseSucceeds(name: String) throws {
        let task = try hand(name, seed: 5)
        var errors: [Double] = []
        for episode in 0..<8 {
            _ = try task.reset(seed: episode == 0 ? 5 : nil)
            let action = oracleAction(task)
            var succeeded = false, last: StepResult?
            for _ in 0..<task.maxEpisodeSteps {
                let result = try task.step(action)
                succeeded = succeeded || result.info["is_success"] == 1
                if task.isSparse { #expect(result.reward == (result.info["is_success"] == 1 ? 0 : -1)) }
                else { #expect(abs(result.reward + result.info["pose_error"]!) < 1e-12) }
                last = result
            }
            #expect(succeeded, "episode \(episode): largest joint error \(last!.info["max_joint_error"]!) rad")
            errors.append(last!.info["max_joint_error"]!)
        }
        print("\(name) oracle final largest joint errors (rad): \(errors.map { String(format: "%.4f", $0) }.joined(separator: " "))")
        // Holding the start pose does not count as success.
        let start = try task.reset(seed: 99)
        let held = try task.step(Array(start[32..<48]))
        #expect(held.info["is_success"] == 0)
    }

    @Test func computeRewardMatchesTheStepReward() throws {
        let dense = try hand("leap_hand:pose", seed: 1), sparse = try hand("leap_hand:pose-sparse", seed: 1)
        _ = try dense.reset(seed: 1)
        _ = try sparse.reset(seed: 1)
        for t in 0..<10 {
            let action = (0..<16).map { Float(cos(Double(t * 16 + $0))) }
            let d = try dense.step(action), s = try sparse.step(action)
            let achieved = Array(d.observation[dense.achievedGoalRange]), desired = Array(d.observation[dense.desiredGoalRange])
            #expect(abs(dense.computeReward(achieved: achieved, desired: desired) - d.reward) < 1e-5)
            #expect(sparse.computeReward(achieved: achieved, desired: desired) == s.reward)
            #expect(sparse.computeReward(achieved: desired, desired: desired) == 0)
        }
    }

    @Test func sameSeedSameEpisodesWithRandomization() throws {
        func run(_ seed: UInt64) throws -> [[Float]] {
            let task = try hand(randomization: .robotDefault, seed: seed)
            var observations = [try task.reset(seed: nil)]
            for t in 0..<30 { observations.append(try task.step((0..<16).map { Float(sin(Double(t + $0))) }).observation) }
            return observations
        }
        #expect(try run(6) == run(6))
        #expect(try run(6) != run(7))
    }
}
