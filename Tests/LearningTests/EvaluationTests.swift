import Foundation
@testable import Learning
import SteadyCore
import Testing

/// `Evaluation.run` reports what users ask: success judged at the last step, the final error,
/// return, length and the continuity cost of the actions sent.
@Suite struct EvaluationTests {
    /// A scripted goal task: the "distance" after step t is `distances[t]`; success below 0.5;
    /// episodes are truncated after `distances.count` steps.
    final class ScriptedGoalEnvironment: Environment {
        let name = "scripted-goal"
        let observationSpace = BoxSpace(lower: [-1], upper: [1])
        let actionSpace = BoxSpace(dimension: 1, lower: -1, upper: 1)
        let rawActionSpace = BoxSpace(dimension: 1, lower: -1, upper: 1)
        let controlPeriodSeconds = 0.1
        let distances: [Double]
        let errorKey: String
        private var t = 0
        init(distances: [Double], errorKey: String = "distance") {
            self.distances = distances
            self.errorKey = errorKey
        }
        func reset(seed: UInt64?) throws -> [Float] { t = 0; return [0] }
        func step(_ action: [Float]) throws -> StepResult {
            let d = distances[t]
            t += 1
            return StepResult(observation: [0], reward: -d, terminated: false, truncated: t == distances.count,
                              info: ["is_success": d < 0.5 ? 1 : 0, errorKey: d])
        }
    }

    @Test func successAndFinalErrorAreTheLastStepsAsGymnasiumRoboticsJudgesThem() throws {
        // Reached the goal at step 2 and drifted off: not a success, final distance 0.9.
        let drifted = try Evaluation.run(environment: ScriptedGoalEnvironment(distances: [1, 0.1, 0.9]), episodes: 2,
                                         seed: 0) { _, action in action[0] = 0 }
        #expect(drifted.successes == [false, false] && drifted.successRate == 0)
        #expect(drifted.finalErrors == [0.9, 0.9] && drifted.finalErrorKey == "distance")
        #expect(drifted.lengths == [3, 3] && abs(drifted.meanReturn - -2.0) < 1e-12)
        let arrived = try Evaluation.run(environment: ScriptedGoalEnvironment(distances: [1, 0.8, 0.2]), episodes: 1,
                                         seed: 0) { _, action in action[0] = 0 }
        #expect(arrived.successRate == 1 && arrived.meanFinalError == 0.2)
    }

    @Test func theHandsPoseErrorIsTheFinalErrorAndAnEnvironmentWithoutOneHasNone() throws {
        let hand = try Evaluation.run(environment: ScriptedGoalEnvironment(distances: [0.3, 0.7], errorKey: "pose_error"),
                                      episodes: 1, seed: 0) { _, action in action[0] = 0 }
        #expect(hand.finalErrorKey == "pose_error" && hand.meanFinalError == 0.7 && hand.successRate == 0)
        let bandit = try Evaluation.run(environment: BanditEnvironment(), episodes: 3, seed: 0) { _, action in action[0] = 0.5 }
        #expect(bandit.successRate == nil && bandit.meanFinalError == nil && bandit.finalErrorKey == nil)
    }

    @Test func theContinuityCostIsThatOfTheActionsSent() throws {
        // Actions alternate −1, 1, −1: each step spans the whole range, cost 100 · (2/2)² = 100.
        var sign: Float = -1
        let jumpy = try Evaluation.run(environment: ScriptedGoalEnvironment(distances: [1, 1, 1]), episodes: 1,
                                       seed: 0) { _, action in action[0] = sign; sign = -sign }
        #expect(abs(jumpy.meanContinuityCost - 100) < 1e-9)
        let steady = try Evaluation.run(environment: ScriptedGoalEnvironment(distances: [1, 1, 1]), episodes: 1,
                                        seed: 0) { _, action in action[0] = 0.3 }
        #expect(steady.meanContinuityCost == 0)
    }

    @Test func evalJSONCarriesSuccessFinalErrorAndLength() throws {
        let evaluation = try Evaluation.run(environment: ScriptedGoalEnvironment(distances: [1, 0.25]), episodes: 2,
                                            seed: 0) { _, action in action[0] = 0 }
        let result = TrainingResult(evaluation: evaluation, timesteps: 10, updates: 5, episodes: 2, wallSeconds: 1,
                                    updatesPerSecond: 5, trainingContinuityCost: 0, checkpoint: nil)
        let text = result.evaluationJSON(algorithm: "sac", environment: "scripted-goal", seed: 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(json["success_rate"] as? Double == 1 && json["final_error"] as? Double == 0.25)
        #expect(json["final_error_key"] as? String == "distance" && json["mean_length"] as? Double == 2)
        #expect((json["successes"] as? [Int]) == [1, 1])
        let bandit = try Evaluation.run(environment: BanditEnvironment(), episodes: 1, seed: 0) { _, action in action[0] = 0 }
        let plain = TrainingResult(evaluation: bandit, timesteps: 1, updates: 0, episodes: 1, wallSeconds: 1,
                                   updatesPerSecond: 0, trainingContinuityCost: 0, checkpoint: nil)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(plain.evaluationJSON(
            algorithm: "sac", environment: "bandit", seed: 1).utf8)) as? [String: Any])
        #expect(parsed["success_rate"] is NSNull && parsed["final_error"] is NSNull)
    }
}
