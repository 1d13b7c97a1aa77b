import Foundation
import Learning
import Neural
import SteadyCore
import Testing

@Suite struct ExplorationWearTests {
    /// Signal [0, 0.5, 0, 0.5] at 10 Hz, worked by hand: steps ±0.5 over the range width 2, so
    /// continuity 100·0.25² = 6.25; two reversals in 0.3 s = 6.67/s; the third difference
    /// (0.5 + 0.5) − (−0.5 − 0.5) = 2 times 10³ = 2000/s³; DFT X₂ = −1, so M₂ = 0.5 at f₂ = 5 Hz and
    /// Sm = 2/(2·10)·0.5·5 = 0.25. A second, constant component scores 0 on each, halving the means.
    @Test func episodeMeansAreMetricsOfEachComponentAveraged() {
        var history = ActionHistory(dimension: 2)
        var action: [Float] = [0, 0.3]
        for value: Float in [0, 0.5, 0, 0.5] {
            action[0] = value
            action.withUnsafeMutableBufferPointer { history.append($0) }
        }
        var wear = ExplorationWear(sampleRateHz: 10)
        #expect(wear.continuityCost.isNaN)
        wear.add(history)
        #expect(wear.episodes == 1)
        #expect(abs(wear.continuityCost - 6.25 / 2) < 1e-12)
        #expect(abs(wear.reversalsPerSecond - 20.0 / 3 / 2) < 1e-9)
        #expect(abs(wear.rmsJerk - 1000) < 1e-9)
        #expect(abs(wear.spectralSmoothness - 0.125) < 1e-12)
        // A second, still episode halves the means again.
        var still = ActionHistory(dimension: 2)
        for _ in 0..<4 { action.withUnsafeMutableBufferPointer { still.append($0) } }
        wear.add(still)
        #expect(wear.episodes == 2 && abs(wear.continuityCost - 6.25 / 4) < 1e-12)
        #expect(wear.json.contains("\"episodes\": 2") && wear.json.contains("\"i2t_amp2_seconds\": null"))
    }

    /// Three-step episodes start at steps 0, 3, …, 27 of 30; with learning_starts 10 the first
    /// six (0 … 9 start before it) mix in random actions, so only those from 12 on count: 6.
    @Test func trainerMeasuresOnlyEpisodesTheExplorationActedInAlone() throws {
        let directory = temporaryDirectory("wear")
        defer { try? FileManager.default.removeItem(at: directory) }
        var configuration = TD3Configuration()
        configuration.hiddenSizes = [8]
        configuration.batchSize = 8
        let agent = TD3(observationSize: 1, actionSize: 1, configuration: configuration,
                        exploration: ExplorationSettings(kind: .gaussian, sigma: 0.3), seed: 2)
        var settings = TrainingSettings(totalSteps: 30, seed: 2)
        settings.learningStarts = 10
        settings.evaluationInterval = 0
        settings.finalEvaluationEpisodes = 1
        let trainer = OffPolicyTrainer(agent: agent, environments: [ThreeStepEnvironment()],
                                       evaluationEnvironment: ThreeStepEnvironment(), settings: settings, runDirectory: directory)
        let result = try trainer.run()
        #expect(result.explorationWear?.episodes == 6)
        #expect(result.explorationWear?.sampleRateHz == 50)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("wear.json"))) as? [String: Any]
        #expect(json?["episodes"] as? Int == 6)
        #expect((json?["continuity_cost"] as? Double).map { abs($0 - result.explorationWear!.continuityCost) < 1e-9 } == true)
    }

    /// `--no-param-adapt`: σ stays where it started however far the perturbation moves actions.
    @Test func parameterNoiseWithoutAdaptationKeepsItsSigma() {
        var generator = SeededGenerator(seed: 6)
        let actor = DeterministicActor(observationSize: 3, actionSize: 1, hiddenSizes: [16], layerNorm: true,
                                       maxBatch: 32, generator: &generator)
        let settings = ExplorationSettings(kind: .param, sigma: 5, adaptationInterval: 1, adaptive: false)
        let exploration = actor.makeExploration(settings, environments: 1)
        let batch = randomBatch(size: 32, observationSize: 3, actionSize: 1, seed: 7)
        for _ in 0..<5 { exploration.policyUpdated(on: batch, actorUpdated: true, generator: &generator) }
        #expect(exploration.noiseScale == 5)
    }

    /// Settings files from before `layer_norm`/`adaptive` decode as both on; defaults encode as before.
    @Test func newParameterNoiseSettingsStayCompatible() throws {
        let defaults = ExplorationSettings(kind: .param)
        let encoded = String(decoding: try JSONEncoder().encode(defaults), as: UTF8.self)
        #expect(!encoded.contains("layer_norm") && !encoded.contains("adaptive"))
        #expect(try JSONDecoder().decode(ExplorationSettings.self, from: Data(encoded.utf8)) == defaults)
        let plain = ExplorationSettings(kind: .param, parameterNoiseLayerNorm: false, adaptive: false)
        let decoded = try JSONDecoder().decode(ExplorationSettings.self, from: JSONEncoder().encode(plain))
        #expect(decoded == plain && !decoded.actorLayerNorm && !decoded.adaptive)
        #expect(defaults.actorLayerNorm && !ExplorationSettings(kind: .gsde).actorLayerNorm)
    }
}
