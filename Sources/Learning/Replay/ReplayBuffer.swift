import Neural
import SteadyCore

/// A fixed-capacity ring of transitions in Float32, sampled uniformly with replacement as
/// Stable-Baselines3's `ReplayBuffer` is.
///
/// Storage is allocated once in `init`; once full, each `add` overwrites the oldest transition.
/// Transitions from several environments go into the same ring, one after another.
public final class ReplayBuffer {
    /// The most transitions kept.
    public let capacity: Int
    /// Floats per observation.
    public let observationSize: Int
    /// Floats per action.
    public let actionSize: Int
    /// Transitions stored, at most `capacity`.
    public internal(set) var count = 0
    /// Where the next `add` writes.
    public internal(set) var position = 0

    // Internal for ReplayBuffer+Snapshot.swift.
    let observations: UnsafeMutablePointer<Float>
    let nextObservations: UnsafeMutablePointer<Float>
    let actions: UnsafeMutablePointer<Float>
    let rewards: UnsafeMutablePointer<Float>
    let terminations: UnsafeMutablePointer<Float>

    /// Allocates room for `capacity` transitions.
    public init(capacity: Int, observationSize: Int, actionSize: Int) {
        precondition(capacity > 0 && observationSize > 0 && actionSize > 0, "ReplayBuffer: sizes must be positive")
        self.capacity = capacity
        self.observationSize = observationSize
        self.actionSize = actionSize
        func allocate(_ n: Int) -> UnsafeMutablePointer<Float> {
            let pointer = UnsafeMutablePointer<Float>.allocate(capacity: n)
            pointer.initialize(repeating: 0, count: n)
            return pointer
        }
        observations = allocate(capacity * observationSize)
        nextObservations = allocate(capacity * observationSize)
        actions = allocate(capacity * actionSize)
        rewards = allocate(capacity)
        terminations = allocate(capacity)
    }

    deinit {
        for pointer in [observations, nextObservations, actions, rewards, terminations] { pointer.deallocate() }
    }

    /// Stores one transition, overwriting the oldest when full.
    ///
    /// - Parameters:
    ///   - terminated: the episode ended in a terminal state (a time-limit truncation is not one).
    /// - Important: Allocates nothing.
    public func add(observation: UnsafeBufferPointer<Float>, action: UnsafeBufferPointer<Float>, reward: Float,
                    nextObservation: UnsafeBufferPointer<Float>, terminated: Bool) {
        precondition(observation.count == observationSize && nextObservation.count == observationSize
                     && action.count == actionSize, "ReplayBuffer.add: wrong transition sizes")
        (observations + position * observationSize).update(from: observation.baseAddress!, count: observationSize)
        (nextObservations + position * observationSize).update(from: nextObservation.baseAddress!, count: observationSize)
        (actions + position * actionSize).update(from: action.baseAddress!, count: actionSize)
        rewards[position] = reward
        terminations[position] = terminated ? 1 : 0
        position = (position + 1) % capacity
        count = Swift.min(count + 1, capacity)
    }

    /// Fills every row of `batch` with a transition drawn uniformly, with replacement.
    /// - Important: Allocates nothing.
    public func sample(into batch: ReplayBatch, generator: inout SeededGenerator) {
        precondition(count > 0, "ReplayBuffer.sample: the buffer is empty")
        precondition(batch.observations.columns == observationSize && batch.actions.columns == actionSize,
                     "ReplayBuffer.sample: batch shape does not match the buffer")
        let size = batch.observations.rowCapacity
        batch.observations.setRowCount(size)
        batch.actions.setRowCount(size)
        batch.rewards.setRowCount(size)
        batch.nextObservations.setRowCount(size)
        batch.terminations.setRowCount(size)
        let o = observationSize, a = actionSize
        for row in 0..<size {
            let index = Int(generator.next().multipliedFullWidth(by: UInt64(count)).high)
            batch.observations.row(row).update(from: observations + index * o, count: o)
            batch.nextObservations.row(row).update(from: nextObservations + index * o, count: o)
            batch.actions.row(row).update(from: actions + index * a, count: a)
            batch.rewards.baseAddress[row] = rewards[index]
            batch.terminations.baseAddress[row] = terminations[index]
        }
    }
}
