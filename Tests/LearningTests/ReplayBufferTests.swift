import Learning
import Neural
import SteadyCore
import Testing

@Suite struct ReplayBufferTests {
    func add(_ buffer: ReplayBuffer, value: Float, terminated: Bool = false) {
        let observation: [Float] = [value, value + 0.5], next: [Float] = [value + 1, value + 1.5], action: [Float] = [-value]
        observation.withUnsafeBufferPointer { o in
            next.withUnsafeBufferPointer { n in
                action.withUnsafeBufferPointer { a in
                    buffer.add(observation: o, action: a, reward: value * 10, nextObservation: n, terminated: terminated)
                }
            }
        }
    }

    @Test func ringOverwritesTheOldestAndSamplesWholeTransitions() {
        let buffer = ReplayBuffer(capacity: 4, observationSize: 2, actionSize: 1)
        for value in 0..<6 { add(buffer, value: Float(value), terminated: value == 5) }
        #expect(buffer.count == 4)
        #expect(buffer.position == 2)
        let batch = ReplayBatch(size: 64, observationSize: 2, actionSize: 1)
        var generator = SeededGenerator(seed: 1)
        buffer.sample(into: batch, generator: &generator)
        var seen = Set<Float>()
        for row in 0..<64 {
            let value = batch.observations[row, 0]
            seen.insert(value)
            #expect(batch.observations[row, 1] == value + 0.5)
            #expect(batch.nextObservations[row, 0] == value + 1)
            #expect(batch.actions[row, 0] == -value)
            #expect(batch.rewards[row, 0] == value * 10)
            #expect(batch.terminations[row, 0] == (value == 5 ? 1 : 0))
        }
        #expect(seen == [2, 3, 4, 5], "only the four newest transitions remain, and all are drawn")
    }

    @Test func samplingIsDeterministicPerSeed() {
        let buffer = ReplayBuffer(capacity: 100, observationSize: 2, actionSize: 1)
        for value in 0..<100 { add(buffer, value: Float(value)) }
        func draw(_ seed: UInt64) -> [Float] {
            let batch = ReplayBatch(size: 16, observationSize: 2, actionSize: 1)
            var generator = SeededGenerator(seed: seed)
            buffer.sample(into: batch, generator: &generator)
            return batch.observations.values
        }
        #expect(draw(3) == draw(3))
        #expect(draw(3) != draw(4))
    }
}
