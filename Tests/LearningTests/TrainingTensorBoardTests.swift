import Foundation
import Learning
import Metrics
import SteadyCore
import Testing

/// Three steps per episode; reward is the action; an episode succeeds when its last action is
/// positive (reported as `is_success`, as the reach tasks do).
final class ThreeStepEnvironment: Environment {
    let name = "three-step"
    let observationSpace = BoxSpace(lower: [0], upper: [3])
    let actionSpace = BoxSpace(lower: [-1], upper: [1])
    let rawActionSpace = BoxSpace(lower: [-1], upper: [1])
    let controlPeriodSeconds = 0.02
    private var t = 0

    func reset(seed: UInt64?) throws -> [Float] {
        t = 0
        return [0]
    }

    func step(_ action: [Float]) throws -> StepResult {
        t += 1
        return StepResult(observation: [Float(t)], reward: Double(action[0]), terminated: false, truncated: t == 3,
                          info: ["is_success": action[0] > 0 ? 1 : 0])
    }
}

@Suite struct TrainingTensorBoardTests {
    @Test func trainingCurvesUseSB3TagsAtTheirSteps() throws {
        let directory = temporaryDirectory("tb-train")
        defer { try? FileManager.default.removeItem(at: directory) }
        var configuration = SACConfiguration()
        configuration.hiddenSizes = [8]
        configuration.batchSize = 8
        let agent = SAC(observationSize: 1, actionSize: 1, configuration: configuration, seed: 3)
        var settings = TrainingSettings(totalSteps: 60, seed: 3)
        settings.learningStarts = 20
        settings.evaluationInterval = 30
        settings.evaluationEpisodes = 2
        settings.finalEvaluationEpisodes = 2
        let trainer = OffPolicyTrainer(agent: agent, environments: [ThreeStepEnvironment()],
                                       evaluationEnvironment: ThreeStepEnvironment(), settings: settings, runDirectory: nil)
        trainer.progressInterval = 10
        let log = TrainingTensorBoard(writer: try TensorBoardWriter(directory: directory))
        trainer.onProgress = { log.record($0) }
        let result = try trainer.run()
        log.record(final: result)
        try log.writer.close()

        let file = try TensorBoardEventFile(contentsOf: log.writer.url)
        for tag in ["rollout/ep_rew_mean", "rollout/ep_len_mean", "rollout/success_rate", "train/critic_loss",
                    "train/actor_loss", "train/ent_coef", "train/ent_coef_loss", "time/fps", "eval/mean_reward",
                    "eval/mean_ep_length", "eval/success_rate", "eval/continuity_cost", "wear/continuity_cost"] {
            #expect(file.tags.contains(tag), "missing \(tag) in \(file.tags)")
        }
        #expect(file.scalars("time/fps").map(\.step) == [10, 20, 30, 40, 50, 60])
        #expect(file.scalars("rollout/ep_len_mean").allSatisfy { $0.value == 3 })
        #expect(file.scalars("rollout/success_rate").allSatisfy { (0...1).contains($0.value) })
        // Losses appear only once updates have run (after learning_starts).
        #expect(file.scalars("train/critic_loss").map(\.step) == [30, 40, 50, 60])
        // Each evaluation once, at the step it ran: the periodic one at 30, the final one at 60.
        #expect(file.scalars("eval/mean_reward").map(\.step) == [30, 60])
        #expect(file.scalars("eval/mean_reward").last?.value == Float(result.evaluation.meanReturn))
        #expect(file.scalars("eval/mean_ep_length").map(\.value) == [3, 3])
        let finalSuccess = Float(result.evaluation.successes.filter { $0 }.count) / 2
        #expect(file.scalars("eval/success_rate").last?.value == finalSuccess)
    }
}
