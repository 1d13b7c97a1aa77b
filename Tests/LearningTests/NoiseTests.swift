import Learning
import Neural
import SteadyCore
import Testing

@Suite struct NoiseTests {
    @Test func resampleScheduleDrawsEveryIntervalAndAtEpisodeStarts() {
        var every3 = ResampleSchedule(interval: 3)
        #expect((0..<7).map { _ in every3.step() } == [true, false, false, true, false, false, true])
        every3.episodeStarted()
        #expect(every3.step() == true)
        #expect(every3.step() == false)

        var perEpisode = ResampleSchedule(interval: -1)
        #expect((0..<5).map { _ in perEpisode.step() } == [true, false, false, false, false])
        perEpisode.episodeStarted()
        #expect(perEpisode.step() == true)
    }

    @Test func gaussianNoiseHasTheRequestedDeviation() {
        let noise = GaussianActionNoise(dimension: 1, sigma: 0.3)
        var generator = SeededGenerator(seed: 2)
        let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: 1)
        defer { buffer.deallocate() }
        var sum = 0.0, squares = 0.0
        for _ in 0..<20_000 {
            noise.sample(into: buffer, generator: &generator)
            sum += Double(buffer[0])
            squares += Double(buffer[0] * buffer[0])
        }
        #expect(abs(sum / 20_000) < 0.01)
        #expect(abs((squares / 20_000).squareRoot() - 0.3) < 0.01)
    }

    @Test func ornsteinUhlenbeckIsCorrelatedAndResets() {
        let noise = OrnsteinUhlenbeckActionNoise(dimension: 1, sigma: 0.5, theta: 0.15, dt: 0.01)
        var generator = SeededGenerator(seed: 3)
        let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: 1)
        defer { buffer.deallocate() }
        noise.sample(into: buffer, generator: &generator)
        var previous = buffer[0]
        var largestStep: Float = 0
        for _ in 0..<500 {
            noise.sample(into: buffer, generator: &generator)
            largestStep = max(largestStep, abs(buffer[0] - previous))
            previous = buffer[0]
        }
        // Steps are σ√dt-sized (0.05), far smaller than the excursion they add up to.
        #expect(largestStep < 0.25)
        noise.reset()
        var fresh = SeededGenerator(seed: 99)
        noise.sample(into: buffer, generator: &fresh)
        #expect(abs(buffer[0]) < 0.25, "after reset the process restarts at 0")
    }

    @Test func actionNoiseIsHeldBetweenDrawsAndClipped() {
        let exploration = HeldActionNoise(settings: ExplorationSettings(kind: .gaussian, noiseInterval: 4, sigma: 5),
                                          actionSize: 1, environments: 1)
        var generator = SeededGenerator(seed: 4)
        let action = UnsafeMutableBufferPointer<Float>.allocate(capacity: 1)
        defer { action.deallocate() }
        var noises: [Float] = []
        for _ in 0..<8 {
            action[0] = 0
            exploration.perturb(action, environment: 0, generator: &generator)
            noises.append(action[0])
        }
        #expect(noises.allSatisfy { $0 >= -1 && $0 <= 1 })
        #expect(noises[0] == noises[1] && noises[1] == noises[2] && noises[2] == noises[3])
        #expect(noises[4] == noises[7])
    }

    @Test func stateDependentNoiseIsLinearInFeaturesAndHeld() {
        let noise = StateDependentNoise(featureSize: 3, actionSize: 2, environments: 2, interval: -1)
        var generator = SeededGenerator(seed: 5)
        let sigma: [Float] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]
        let output = UnsafeMutableBufferPointer<Float>.allocate(capacity: 2)
        defer { output.deallocate() }
        func apply(_ z: [Float], environment: Int = 0) -> [Float] {
            z.withUnsafeBufferPointer { features in
                sigma.withUnsafeBufferPointer { s in
                    noise.noise(features: features, sigma: s.baseAddress!, into: output, environment: environment,
                                generator: &generator)
                }
            }
            return Array(output)
        }
        let first = apply([1, 0, 0])
        let e = noise.explorationMatrix(environment: 0)
        #expect(first == [e[0, 0], e[0, 1]])
        #expect(apply([0, 2, 0]) == [2 * e[1, 0], 2 * e[1, 1]], "E is held within the episode")
        #expect(apply([1, 0, 0]) == first, "the same state gets the same noise")
        noise.episodeStarted(environment: 0)
        #expect(apply([1, 0, 0]) != first, "a new episode draws a new E")
        _ = apply([1, 1, 1], environment: 1)
        #expect(noise.explorationMatrix(environment: 1).values != noise.explorationMatrix(environment: 0).values)
    }

    @Test func parameterNoiseSkipsLayerNormAndAdaptsSigma() {
        var generator = SeededGenerator(seed: 6)
        let actor = DeterministicActor(observationSize: 3, actionSize: 1, hiddenSizes: [16, 16], layerNorm: true,
                                       maxBatch: 32, generator: &generator)
        #expect(actor.perturbableParameters.allSatisfy { !$0.isNormalization })
        #expect(actor.perturbableParameters.count == actor.network.parameters.count - 4)
        let observations = Matrix(rows: 32, columns: 3)
        for i in 0..<observations.count { observations.baseAddress[i] = Float(generator.uniform(-1, 1)) }

        let large = ParameterNoise(policy: actor, environments: 1, initialSigma: 5, targetDistance: 0.2,
                                   interval: -1, maxBatch: 32, actionSize: 1)
        let distance = large.adapt(observations: observations, generator: &generator)
        #expect(distance > 0.2)
        #expect(abs(large.sigma - 5 / 1.01) < 1e-12)

        let small = ParameterNoise(policy: actor, environments: 1, initialSigma: 1e-6, targetDistance: 0.2,
                                   interval: -1, maxBatch: 32, actionSize: 1)
        #expect(small.adapt(observations: observations, generator: &generator) < 0.2)
        #expect(abs(small.sigma - 1e-6 * 1.01) < 1e-15)

        // Acting with a perturbation differs from the policy; the policy itself is untouched.
        let before = actor.network.parameters.map(\.value.values)
        let action = UnsafeMutableBufferPointer<Float>.allocate(capacity: 1)
        let plain = UnsafeMutableBufferPointer<Float>.allocate(capacity: 1)
        defer { action.deallocate(); plain.deallocate() }
        let observation: [Float] = [0.1, -0.2, 0.3]
        observation.withUnsafeBufferPointer { o in
            large.act(observation: o, into: action, environment: 0, generator: &generator)
            actor.act(observation: o, into: plain)
        }
        #expect(action[0] != plain[0])
        #expect(actor.network.parameters.map(\.value.values) == before)
    }
}
