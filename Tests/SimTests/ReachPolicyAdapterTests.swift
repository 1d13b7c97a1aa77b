import Foundation
import MuJoCo
import SteadyCore
import Testing
@testable import Sim

/// `ReachPolicyAdapter` against `ReachTask` itself: what a trained reach policy sees on the
/// runtime's readings must be what it saw in training for the same arm state and goal.
@Suite struct ReachPolicyAdapterTests {
    /// A network stand-in that records what it is shown and answers scripted actions.
    final class ScriptedNetwork: Policy {
        let name = "scripted"
        var seen: [[Float]] = []
        var answers: [[Float]]
        var resets = 0
        init(answers: [[Float]]) { self.answers = answers }
        func reset() { resets += 1 }
        func act(observation: UnsafeBufferPointer<Float>, action: UnsafeMutableBufferPointer<Float>) {
            seen.append(Array(observation))
            let answer = answers[min(seen.count - 1, answers.count - 1)]
            for i in action.indices { action[i] = answer[i] }
        }
    }

    /// The runtime's observation of the task's arm: true joint positions, then velocities.
    func runtimeObservation(_ task: ReachTask) -> [Float] {
        let n = task.simulation.jointCount
        return (0..<n).map { Float(task.simulation.position(ofJoint: $0)) }
            + (0..<n).map { Float(task.simulation.velocity(ofJoint: $0)) }
    }

    @Test(arguments: ["so101", "koch"])
    func deployedObservationIsTheTaskObservationAndActionsMapToTheSameTargets(robotName: String) throws {
        let task = try #require(try TaskFixtures.make("\(robotName):reach", seed: 4) as? ReachTask)
        var taskObservation = try task.reset(seed: 11)
        let (robot, model) = try TaskFixtures.load(robotName)
        let n = robot.joints.count, m = task.actionSpace.dimension
        var generator = SeededGenerator(seed: 5)
        // Out-of-range components too: both sides clip them.
        let actions: [[Float]] = (0..<8).map { _ in (0..<m).map { _ in Float(generator.uniform(-1.3, 1.3)) } }
        let network = ScriptedNetwork(answers: actions)
        let adapter = try ReachPolicyAdapter(robot: robot, model: model, network: network, goal: task.targetPosition)
        adapter.reset()
        #expect(network.resets == 1 && adapter.observationSize == task.layout.dimension && adapter.actionSize == m)
        var targets = [Float](repeating: 0, count: n)
        var lastStep: StepResult?
        for step in 0...actions.count {
            let observation = runtimeObservation(task)
            observation.withUnsafeBufferPointer { input in
                targets.withUnsafeMutableBufferPointer { adapter.act(observation: input, action: $0) }
            }
            let deployed = network.seen[step]
            #expect(deployed.count == taskObservation.count)
            // Readings, commanded targets, actions and goal as they are; forward kinematics of the
            // Float readings against the task's double-precision simulation (the commanded
            // targets start from Float readings on the runtime's side).
            for segment in task.layout.segments {
                let tolerance: Float = ["commanded": 1e-6, "achieved_goal": 1e-5, "goal_offset": 1e-4, "commanded_ee": 1e-5,
                                                 "commanded_offset": 1e-4][segment.name] ?? 0
                for index in segment.range {
                    #expect(abs(deployed[index] - taskObservation[index]) <= tolerance,
                            "step \(step): \(segment.name)[\(index - segment.range.lowerBound)] \(deployed[index]) vs \(taskObservation[index])")
                }
            }
            // The outcome from readings is the task's reward, success and distance of that step.
            let distance = (task.simulation.position(ofSite: 0) - task.targetPosition)
            #expect(abs(adapter.lastDistanceMeters - (distance * distance).sum().squareRoot()) < 1e-5)
            if let lastStep, let outcome = adapter.lastOutcome {
                #expect(abs(outcome.reward - lastStep.reward) < 1e-4, "step \(step): reward \(outcome.reward) vs \(lastStep.reward)")
                #expect(outcome.isSuccess == (lastStep.info["is_success"] == 1))
                #expect(abs(outcome.actionRatePenalty - lastStep.info["action_rate_penalty"]!) < 1e-9)
            }
            // The adapter's targets are the task's commanded targets after the same action.
            if step < actions.count {
                lastStep = try task.step(actions[step])
                taskObservation = lastStep!.observation
                for joint in 0..<n {
                    #expect(abs(Double(targets[joint]) - task.controller.commanded[joint]) < 1e-6, "joint \(joint)")
                }
            }
        }
        // Held joints (wrist roll, gripper) are commanded where they were at the start.
        let first = network.seen[0]
        for joint in 0..<n where !task.controller.actuatedJoints.contains(joint) { #expect(targets[joint] == first[joint]) }
    }

    @Test func aDrawnGoalIsTheTasksFirstTargetForTheSameSeed() throws {
        let (robot, model) = try TaskFixtures.load("so101")
        for seed in [0, 7, 12_345] as [UInt64] {
            let task = try #require(try TaskFixtures.make("so101:reach", seed: seed) as? ReachTask)
            _ = try task.reset(seed: nil)
            let adapter = try ReachPolicyAdapter(robot: robot, model: model, network: ScriptedNetwork(answers: [[0]]),
                                                 goal: nil, seed: seed)
            #expect(adapter.goal == task.targetPosition, "seed \(seed)")
        }
    }

    @Test func drawnGoalsMoveOnOnlyAfterAnEpisodeThatActedAndAGivenGoalStays() throws {
        let (robot, model) = try TaskFixtures.load("so101")
        let n = robot.joints.count
        let readings = [Float](repeating: 0, count: 2 * n)
        var targets = [Float](repeating: 0, count: n)
        func act(_ adapter: ReachPolicyAdapter) {
            readings.withUnsafeBufferPointer { r in targets.withUnsafeMutableBufferPointer { adapter.act(observation: r, action: $0) } }
        }
        let drawn = try ReachPolicyAdapter(robot: robot, model: model, network: ScriptedNetwork(answers: [[0, 0, 0, 0]]),
                                           goal: nil, seed: 3)
        let first = drawn.goal
        drawn.reset()  // a runtime's reset before anything acted keeps the first goal
        #expect(drawn.goal == first)
        act(drawn)
        drawn.reset()
        let second = drawn.goal
        #expect(second != first)
        // The distance is measured to the present episode's goal.
        act(drawn)
        let ee = readings.withUnsafeBufferPointer { drawn.endEffector(positions: $0) }
        let d = ee - second
        #expect(abs(drawn.lastDistanceMeters - (d * d).sum().squareRoot()) < 1e-9)
        drawn.reset()
        #expect(drawn.goal != second)

        let fixedGoal = SIMD3<Double>(0.2, 0.0, 0.1)
        let fixed = try ReachPolicyAdapter(robot: robot, model: model, network: ScriptedNetwork(answers: [[0, 0, 0, 0]]),
                                           goal: fixedGoal, seed: 3)
        for _ in 0..<3 { act(fixed); fixed.reset() }
        #expect(fixed.goal == fixedGoal && fixed.hasFixedGoal && !drawn.hasFixedGoal)
    }

    @Test func aModelWithoutTheEndEffectorSiteIsRefused() throws {
        let (robot, _) = try TaskFixtures.load("so101")
        let xml = try String(contentsOf: TaskFixtures.directory("so101").appendingPathComponent("model.xml"), encoding: .utf8)
        let withoutSite = try SimModel(xml: xml.replacingOccurrences(of: "name=\"ee\"", with: "name=\"tool\""))
        #expect(throws: TaskError.self) {
            _ = try ReachPolicyAdapter(robot: robot, model: withoutSite, network: ScriptedNetwork(answers: [[0]]), goal: nil)
        }
    }
}
