import Foundation
import Learning
import Neural
import Sim
import SteadyCore
import Testing

@Suite struct LearningRateScheduleTests {
    @Test func linearScalesByTheFractionLeftAndConstantDoesNot() {
        for (remaining, linear) in [(1.0, 1.0), (0.625, 0.625), (0.0, 0.0), (-0.2, 0.0), (1.5, 1.0)] {
            #expect(LearningRateSchedule.linear.scale(progressRemaining: remaining) == linear)
            #expect(LearningRateSchedule.constant.scale(progressRemaining: remaining) == 1)
        }
    }

    @Test func scalingReachesEveryOptimizer() {
        var sacConfiguration = SACConfiguration()
        sacConfiguration.hiddenSizes = [8]
        sacConfiguration.learningRate = 2e-3
        let sac = SAC(observationSize: 3, actionSize: 1, configuration: sacConfiguration, seed: 1)
        var td3Configuration = TD3Configuration()
        td3Configuration.hiddenSizes = [8]
        td3Configuration.learningRate = 4e-3
        let td3 = TD3(observationSize: 3, actionSize: 1, configuration: td3Configuration, seed: 1)
        #expect(sac.optimizers.count == 4 && td3.optimizers.count == 3)  // actor, two critics (+ SAC's α)
        sac.scaleLearningRate(by: 0.25)
        td3.scaleLearningRate(by: 0.5)
        #expect(sac.optimizers.allSatisfy { $0.learningRate == Float(5e-4) })
        #expect(td3.optimizers.allSatisfy { $0.learningRate == Float(2e-3) })
    }

    /// The trainer sets the rate before each training phase from the steps taken: stopped
    /// after the phase at step 250 of 400, a linear schedule has left 1 − 250/400 of it.
    @Test func theTrainerFollowsTheScheduleAsStepsGoBy() throws {
        func run(_ schedule: LearningRateSchedule) throws -> SAC {
            var configuration = SACConfiguration()
            configuration.hiddenSizes = [16, 16]
            configuration.batchSize = 32
            configuration.learningRate = 1e-3
            let agent = SAC(observationSize: 3, actionSize: 1, configuration: configuration, seed: 3)
            var settings = TrainingSettings(totalSteps: 400, seed: 3)
            settings.learningStarts = 100
            settings.evaluationInterval = 0
            settings.finalEvaluationEpisodes = 1
            settings.learningRateSchedule = schedule
            let trainer = OffPolicyTrainer(agent: agent, environments: [Pendulum(seed: 3)],
                                           evaluationEnvironment: Pendulum(seed: 4), settings: settings, runDirectory: nil)
            trainer.shouldStop = { agent.updateCount >= 150 }
            _ = try trainer.run()
            #expect(agent.updateCount == 150)
            return agent
        }
        let linear = try run(.linear), constant = try run(.constant)
        for optimizer in linear.optimizers { #expect(abs(Double(optimizer.learningRate) - 1e-3 * (1 - 250.0 / 400)) < 1e-9) }
        for optimizer in constant.optimizers { #expect(optimizer.learningRate == Float(1e-3)) }
        #expect(linear.checkpointTensors() != constant.checkpointTensors())
    }

    /// A checkpoint says which schedule trained it; one written before the field existed
    /// still loads, with no schedule.
    @Test func theCheckpointRecordsTheSchedule() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lr-schedule-\(getpid())")
        defer { try? FileManager.default.removeItem(at: directory) }
        var configuration = SACConfiguration()
        configuration.hiddenSizes = [8]
        let agent = SAC(observationSize: 3, actionSize: 1, configuration: configuration, seed: 5)
        var settings = TrainingSettings(totalSteps: 200, seed: 5)
        settings.learningRateSchedule = .linear
        let trainer = OffPolicyTrainer(agent: agent, environments: [Pendulum(seed: 5)],
                                       evaluationEnvironment: Pendulum(seed: 6), settings: settings, runDirectory: nil)
        var metadata = trainer.metadata(step: 200)
        try Checkpoint.write(tensors: agent.checkpointTensors(), metadata: metadata, to: directory)
        #expect(try Checkpoint.read(from: directory).metadata.learningRateSchedule == .linear)
        let json = try String(contentsOf: directory.appendingPathComponent("checkpoint.json"), encoding: .utf8)
        #expect(json.contains("\"learning_rate_schedule\" : \"linear\"") || json.contains("\"learning_rate_schedule\":\"linear\""))

        metadata.learningRateSchedule = nil
        let older = try JSONEncoder().encode(metadata)
        #expect(!String(decoding: older, as: UTF8.self).contains("learning_rate_schedule"))
        #expect(try JSONDecoder().decode(CheckpointMetadata.self, from: older).learningRateSchedule == nil)
    }
}
