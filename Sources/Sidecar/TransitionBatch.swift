/// A TRANSITIONS payload: `count` transitions of one actor, with its sequence number.
///
/// Arrays are row-major: `observations` holds `count × observationSize` floats, and so on.
/// Actions are in the normalized [−1, 1] space.
public struct TransitionBatch: Equatable, Sendable {
    /// 1, 2, 3, … per actor.
    public var sequence: UInt64
    /// Floats per observation.
    public var observationSize: Int
    /// Floats per action.
    public var actionSize: Int
    /// The weights version that chose these actions.
    public var weightsVersion: UInt64
    /// `count × observationSize`.
    public var observations: [Float]
    /// `count × actionSize`.
    public var actions: [Float]
    /// `count`.
    public var rewards: [Float]
    /// `count × observationSize`.
    public var nextObservations: [Float]
    /// Bit 0 terminated, bit 1 truncated, per transition.
    public var flags: [UInt8]

    /// Transitions in the batch.
    public var count: Int { rewards.count }

    /// Creates an empty batch with room for `capacity` transitions.
    public init(sequence: UInt64 = 0, observationSize: Int, actionSize: Int, weightsVersion: UInt64 = 0, capacity: Int = 0) {
        self.sequence = sequence
        self.observationSize = observationSize
        self.actionSize = actionSize
        self.weightsVersion = weightsVersion
        observations = []
        actions = []
        rewards = []
        nextObservations = []
        flags = []
        observations.reserveCapacity(capacity * observationSize)
        nextObservations.reserveCapacity(capacity * observationSize)
        actions.reserveCapacity(capacity * actionSize)
        rewards.reserveCapacity(capacity)
        flags.reserveCapacity(capacity)
    }

    /// Creates a batch from its arrays; sizes must agree (a programming error otherwise).
    public init(sequence: UInt64, observationSize: Int, actionSize: Int, weightsVersion: UInt64,
                observations: [Float], actions: [Float], rewards: [Float], nextObservations: [Float], flags: [UInt8]) {
        let count = rewards.count
        precondition(observations.count == count * observationSize && nextObservations.count == count * observationSize
                     && actions.count == count * actionSize && flags.count == count,
                     "TransitionBatch: array sizes do not match count \(count)")
        self.sequence = sequence
        self.observationSize = observationSize
        self.actionSize = actionSize
        self.weightsVersion = weightsVersion
        self.observations = observations
        self.actions = actions
        self.rewards = rewards
        self.nextObservations = nextObservations
        self.flags = flags
    }

    /// Appends one transition.
    public mutating func append(observation: UnsafeBufferPointer<Float>, action: UnsafeBufferPointer<Float>,
                                reward: Float, nextObservation: UnsafeBufferPointer<Float>, flags value: UInt8) {
        precondition(observation.count == observationSize && nextObservation.count == observationSize
                     && action.count == actionSize, "TransitionBatch.append: wrong transition sizes")
        observations.append(contentsOf: observation)
        actions.append(contentsOf: action)
        rewards.append(reward)
        nextObservations.append(contentsOf: nextObservation)
        flags.append(value)
    }

    /// Empties the batch, keeping its storage.
    public mutating func removeAll() {
        observations.removeAll(keepingCapacity: true)
        actions.removeAll(keepingCapacity: true)
        rewards.removeAll(keepingCapacity: true)
        nextObservations.removeAll(keepingCapacity: true)
        flags.removeAll(keepingCapacity: true)
    }
}
