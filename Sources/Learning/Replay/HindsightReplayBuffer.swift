import Neural
import SteadyCore

/// Hindsight experience replay (Andrychowicz et al. 2017) as Stable-Baselines3's
/// `HerReplayBuffer` does it: the `future` strategy, relabelling at sampling time, rewards
/// recomputed with the task's own reward function.
///
/// Transitions are kept per environment as SB3 keeps them (a ring of rows, one column per
/// environment; the trainer adds environment 0, 1, …, n−1 each round), with each transition's
/// episode start and, once the episode has ended, its length. Only finished episodes are
/// sampled. Of each batch, the first `size − ⌊size·k/(k+1)⌋` rows are stored transitions; the
/// other ⌊size·k/(k+1)⌋ get a new desired goal: the achieved goal of the next observation of a
/// transition drawn uniformly from this one to the end of its episode (SB3's `future`), written
/// into both observations with `GoalConditionedTask.relabel`. Their reward is the task's
/// `computeReward(achieved:desired:)` for the next observation's achieved goal, minus the
/// transition's own action-rate penalty (`info["action_rate_penalty"]`, stored at `add`), so it
/// is exactly the reward the step would have had with that goal. Terminations are kept as
/// stored (a time-limit truncation is not a termination).
///
/// When the ring wraps onto an episode, the whole episode stops being sampled (as SB3).
public final class HindsightReplayBuffer {
    /// The transitions, slot = row · environmentCount + environment.
    public let storage: ReplayBuffer
    /// Environments whose transitions interleave, one per column.
    public let environmentCount: Int
    /// Relabelled goals per stored transition (SB3's `n_sampled_goal`, k).
    public let sampledGoals: Int
    /// The task whose reward, goal slices and relabelling are used.
    public let task: any GoalConditionedTask
    /// Rows of the ring.
    public let rows: Int

    private var episodeStart: [Int]
    private var episodeLength: [Int]
    private var penalties: [Float]
    private var currentStart: [Int]
    private var achieved: [Float], desired: [Float]

    /// Room for at least `capacity` transitions from `environmentCount` environments of `task`.
    public init(capacity: Int, environmentCount: Int, sampledGoals: Int, task: any GoalConditionedTask,
                observationSize: Int, actionSize: Int) {
        precondition(environmentCount > 0 && sampledGoals > 0, "HindsightReplayBuffer: need environments and k > 0")
        rows = max(1, (capacity + environmentCount - 1) / environmentCount)
        storage = ReplayBuffer(capacity: rows * environmentCount, observationSize: observationSize, actionSize: actionSize)
        self.environmentCount = environmentCount
        self.sampledGoals = sampledGoals
        self.task = task
        episodeStart = Array(repeating: 0, count: storage.capacity)
        episodeLength = Array(repeating: 0, count: storage.capacity)
        penalties = Array(repeating: 0, count: storage.capacity)
        currentStart = Array(repeating: 0, count: environmentCount)
        achieved = Array(repeating: 0, count: task.achievedGoalRange.count)
        desired = Array(repeating: 0, count: task.desiredGoalRange.count)
    }

    /// The number of relabelled rows in a batch of `size`: ⌊size · k/(k+1)⌋.
    public func relabelledRows(batchSize size: Int) -> Int {
        Int(Double(size) * Double(sampledGoals) / Double(sampledGoals + 1))
    }

    /// Transitions stored.
    public var count: Int { storage.count }

    /// Stores environment `environment`'s transition; `done` ends its episode (terminated or
    /// truncated). Environments must add in turn, 0 to n−1, each round.
    public func add(environment: Int, observation: UnsafeBufferPointer<Float>, action: UnsafeBufferPointer<Float>,
                    reward: Float, nextObservation: UnsafeBufferPointer<Float>, terminated: Bool, done: Bool,
                    actionRatePenalty: Float) {
        let slot = storage.position
        precondition(slot % environmentCount == environment, "HindsightReplayBuffer: environments add in turn, 0 to n−1")
        let row = slot / environmentCount
        if storage.count == storage.capacity && episodeLength[slot] > 0 { forgetEpisode(at: slot) }
        storage.add(observation: observation, action: action, reward: reward, nextObservation: nextObservation,
                    terminated: terminated)
        penalties[slot] = actionRatePenalty
        episodeStart[slot] = currentStart[environment]
        episodeLength[slot] = 0
        guard done else { return }
        let length = (row - currentStart[environment] + rows) % rows + 1
        for j in 0..<length {
            let member = ((currentStart[environment] + j) % rows) * environmentCount + environment
            episodeLength[member] = length
            episodeStart[member] = currentStart[environment]
        }
        currentStart[environment] = (row + 1) % rows
    }

    /// Marks the (old) episode holding `slot` as not sampleable, every transition of it.
    private func forgetEpisode(at slot: Int) {
        let environment = slot % environmentCount, start = episodeStart[slot], length = episodeLength[slot]
        for j in 0..<length { episodeLength[((start + j) % rows) * environmentCount + environment] = 0 }
    }

    /// Fills `batch`: stored transitions from finished episodes, the last
    /// `relabelledRows(batchSize:)` rows with `future` goals (see the type's documentation).
    public func sample(into batch: ReplayBatch, generator: inout SeededGenerator) {
        precondition(storage.count > 0, "HindsightReplayBuffer.sample: the buffer is empty")
        let size = batch.observations.rowCapacity
        for matrix in [batch.observations, batch.actions, batch.rewards, batch.nextObservations, batch.terminations] {
            matrix.setRowCount(size)
        }
        let real = size - relabelledRows(batchSize: size)
        let o = storage.observationSize, a = storage.actionSize
        for row in 0..<size {
            let slot = drawFinishedSlot(&generator)
            batch.observations.row(row).update(from: storage.observations + slot * o, count: o)
            batch.nextObservations.row(row).update(from: storage.nextObservations + slot * o, count: o)
            batch.actions.row(row).update(from: storage.actions + slot * a, count: a)
            batch.rewards.baseAddress[row] = storage.rewards[slot]
            batch.terminations.baseAddress[row] = storage.terminations[slot]
            if row >= real && episodeLength[slot] > 0 {
                relabel(row: row, of: batch, slot: slot, goalSlot: futureSlot(of: slot, &generator))
            }
        }
    }

    /// A slot of a finished episode, uniformly (by rejection; any stored slot if none is found,
    /// e.g. before the first episode ends).
    private func drawFinishedSlot(_ generator: inout SeededGenerator) -> Int {
        var slot = 0
        for _ in 0..<64 {
            slot = Int(generator.next().multipliedFullWidth(by: UInt64(storage.count)).high)
            if episodeLength[slot] > 0 { return slot }
        }
        return slot
    }

    /// The slot whose next achieved goal becomes the new goal: uniform over this transition and
    /// the later ones of its episode.
    func futureSlot(of slot: Int, _ generator: inout SeededGenerator) -> Int {
        let environment = slot % environmentCount, row = slot / environmentCount
        let start = episodeStart[slot], length = episodeLength[slot]
        let index = (row - start + rows) % rows
        let future = index + Int(generator.next().multipliedFullWidth(by: UInt64(length - index)).high)
        return ((start + future) % rows) * environmentCount + environment
    }

    /// Writes the goal achieved after `goalSlot` into row `row` of `batch` and recomputes its reward.
    private func relabel(row: Int, of batch: ReplayBatch, slot: Int, goalSlot: Int) {
        let o = storage.observationSize
        let goalSource = storage.nextObservations + goalSlot * o + task.achievedGoalRange.lowerBound
        for k in desired.indices { desired[k] = goalSource[k] }
        let observation = UnsafeMutableBufferPointer(start: batch.observations.row(row), count: o)
        let next = UnsafeMutableBufferPointer(start: batch.nextObservations.row(row), count: o)
        desired.withUnsafeBufferPointer { goal in
            task.relabel(observation, desired: goal)
            task.relabel(next, desired: goal)
        }
        for (k, index) in task.achievedGoalRange.enumerated() { achieved[k] = next[index] }
        let reward = task.computeReward(achieved: achieved, desired: desired) - Double(penalties[slot])
        batch.rewards.baseAddress[row] = Float(reward)
    }
}
