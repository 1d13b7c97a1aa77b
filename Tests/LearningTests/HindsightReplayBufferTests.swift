import Foundation
@testable import Learning
import Neural
import SteadyCore
import Testing

/// HER against its definition (SB3's `HerReplayBuffer`, `future` strategy): relabelled goals
/// are achieved goals of the same episode at or after the transition, rewards are the task's,
/// k/(k+1) of a batch is relabelled, and episodes of interleaved environments stay apart.
@Suite struct HindsightReplayBufferTests {
    /// A goal task on a line whose observation is [achieved, desired, offset = desired − achieved,
    /// episode tag]; reward −|achieved − desired|, or 0/−1 with a 0.5 threshold when sparse.
    final class LineTask: GoalConditionedTask {
        let name = "line"
        let observationSpace = BoxSpace(lower: [-1e9, -1e9, -1e9, -1e9], upper: [1e9, 1e9, 1e9, 1e9])
        let actionSpace = BoxSpace(dimension: 1, lower: -1, upper: 1)
        let rawActionSpace = BoxSpace(dimension: 1, lower: -1, upper: 1)
        let controlPeriodSeconds = 0.1
        let achievedGoalRange = 0..<1
        let desiredGoalRange = 1..<2
        let sparse: Bool
        init(sparse: Bool) { self.sparse = sparse }
        func reset(seed: UInt64?) throws -> [Float] { [0, 0, 0, 0] }
        func step(_ action: [Float]) throws -> StepResult { preconditionFailure("not stepped") }
        func computeReward(achieved: [Float], desired: [Float]) -> Double {
            let d = Double(abs(achieved[0] - desired[0]))
            return sparse ? (d < 0.5 ? 0 : -1) : -d
        }
        func isSuccess(achieved: [Float], desired: [Float]) -> Bool { abs(achieved[0] - desired[0]) < 0.5 }
        func relabel(_ observation: UnsafeMutableBufferPointer<Float>, desired: UnsafeBufferPointer<Float>) {
            observation[1] = desired[0]
            observation[2] = desired[0] - observation[0]
        }
    }

    /// Environment e's episode j reaches achieved goal 1000·tag + t + 1 after its step t, with
    /// desired goal −7 (never achieved), tag = 10·e + j; action-rate penalty 0.01·(t + 1).
    struct Recorded { var buffer: HindsightReplayBuffer; var lengths: [[Int]] }

    func record(lengths: [[Int]], steps: Int, capacity: Int = 1000, k: Int = 4, sparse: Bool = false) -> Recorded {
        let n = lengths.count
        let buffer = HindsightReplayBuffer(capacity: capacity, environmentCount: n, sampledGoals: k, task: LineTask(sparse: sparse),
                                           observationSize: 4, actionSize: 1)
        var episode = [Int](repeating: 0, count: n), t = [Int](repeating: 0, count: n)
        for _ in 0..<steps {
            for e in 0..<n {
                let tag = Float(10 * e + episode[e])
                let observation: [Float] = [1000 * tag + Float(t[e]), -7, -7 - (1000 * tag + Float(t[e])), tag]
                let next: [Float] = [1000 * tag + Float(t[e] + 1), -7, -7 - (1000 * tag + Float(t[e] + 1)), tag]
                let length = lengths[e][episode[e] % lengths[e].count]
                let done = t[e] + 1 == length
                let penalty = 0.01 * Float(t[e] + 1)
                let reward = Float(-abs(Double(next[0]) + 7)) - penalty
                observation.withUnsafeBufferPointer { o in
                    next.withUnsafeBufferPointer { x in
                        [Float(0.5)].withUnsafeBufferPointer { a in
                            buffer.add(environment: e, observation: o, action: a, reward: reward, nextObservation: x,
                                       terminated: false, done: done, actionRatePenalty: penalty)
                        }
                    }
                }
                t[e] += 1
                if done { t[e] = 0; episode[e] += 1 }
            }
        }
        return Recorded(buffer: buffer, lengths: lengths)
    }

    func sample(_ buffer: HindsightReplayBuffer, size: Int, seed: UInt64) -> ReplayBatch {
        let batch = ReplayBatch(size: size, observationSize: 4, actionSize: 1)
        var generator = SeededGenerator(seed: seed)
        buffer.sample(into: batch, generator: &generator)
        return batch
    }

    @Test func relabelledGoalsAreFutureAchievedGoalsOfTheSameEpisodeAndRewardsAreTheTasks() throws {
        // Two environments with different episode lengths, truncated at different times, interleaved.
        let recorded = record(lengths: [[3, 5], [4, 2, 6]], steps: 40)
        let buffer = recorded.buffer, task = LineTask(sparse: false)
        var futureOffsets = Set<Int>()
        for seed in 0..<20 as Range<UInt64> {
            let batch = sample(buffer, size: 64, seed: seed)
            for row in 0..<64 {
                let o = batch.observations.row(row), x = batch.nextObservations.row(row)
                let tag = o[3], t = Int(o[0] - 1000 * tag)
                #expect(x[3] == tag && x[0] == o[0] + 1, "a row is one transition")
                if o[1] == -7 {
                    #expect(batch.rewards.baseAddress[row] == Float(-abs(Double(x[0]) + 7)) - 0.01 * Float(t + 1))
                    continue
                }
                // The new goal is the achieved goal after step t' ≥ t of the same episode.
                let goal = o[1], goalTag = (goal / 1000).rounded(.down), goalStep = Int(goal - 1000 * goalTag) - 1
                #expect(goalTag == tag, "goal \(goal) from another episode than \(tag)")
                let environment = Int(tag) / 10, episode = Int(tag) % 10
                let lengths = recorded.lengths[environment], length = lengths[episode % lengths.count]
                #expect(goalStep >= t && goalStep < length, "goal step \(goalStep) for t = \(t) in an episode of \(length)")
                futureOffsets.insert(goalStep - t)
                #expect(x[1] == goal && o[2] == goal - o[0] && x[2] == goal - x[0], "both observations relabelled, derived parts too")
                let expected = task.computeReward(achieved: [x[0]], desired: [goal]) - Double(Float(0.01) * Float(t + 1))
                #expect(abs(Double(batch.rewards.baseAddress[row]) - expected) < 1e-5)
            }
        }
        #expect(futureOffsets.contains(0) && futureOffsets.contains(4), "the whole future is drawn: \(futureOffsets.sorted())")
    }

    @Test(arguments: [(4, 256), (4, 100), (2, 64), (1, 10)])
    func theRelabelledShareIsKOverKPlusOne(k: Int, size: Int) throws {
        let buffer = record(lengths: [[5]], steps: 60, k: k).buffer
        let batch = sample(buffer, size: size, seed: 3)
        let relabelled = (0..<size).filter { batch.observations.row($0)[1] != -7 }
        #expect(buffer.relabelledRows(batchSize: size) == Int(Double(size) * Double(k) / Double(k + 1)))
        #expect(relabelled == Array((size - buffer.relabelledRows(batchSize: size))..<size))
    }

    @Test func unfinishedEpisodesAreNeverSampled() throws {
        // Environment 1's second episode (tag 11) never ends within the recorded steps.
        let buffer = record(lengths: [[2], [3, 1000]], steps: 12).buffer
        for seed in 0..<10 as Range<UInt64> {
            let batch = sample(buffer, size: 128, seed: seed)
            for row in 0..<128 { #expect(batch.observations.row(row)[3] != 11) }
        }
    }

    @Test func sparseRewardsAreRecomputedAndAFutureGoalCanBeTheNextOne() throws {
        let buffer = record(lengths: [[4]], steps: 40, sparse: true).buffer
        let batch = sample(buffer, size: 256, seed: 9)
        var successes = 0
        for row in buffer.relabelledRows(batchSize: 256) > 0 ? (256 - buffer.relabelledRows(batchSize: 256))..<256 : 0..<0 {
            let x = batch.nextObservations.row(row), o = batch.observations.row(row)
            let t = Int(o[0] - 1000 * o[3])
            let hit = x[1] == x[0]
            #expect(batch.rewards.baseAddress[row] == (hit ? 0 : -1) - 0.01 * Float(t + 1))
            if hit { successes += 1 }
        }
        #expect(successes > 0, "the next achieved goal is one of the futures")
    }

    @Test func anOverwrittenEpisodeIsForgottenWhole() throws {
        // Capacity 10, episodes of 4: episode 2 overwrites the start of episode 0, whose last
        // transition (still stored) must not be sampled either; episode 3 is unfinished.
        let buffer = record(lengths: [[4]], steps: 13, capacity: 10).buffer
        for seed in 0..<10 as Range<UInt64> {
            let batch = sample(buffer, size: 64, seed: seed)
            for row in 0..<64 {
                let tag = batch.observations.row(row)[3]
                #expect(tag != 0 && tag != 3, "tag \(tag): episode 0 was overwritten, episode 3 is unfinished")
            }
        }
    }
}
