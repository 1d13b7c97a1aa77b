import Neural

/// One sampled minibatch of transitions, in matrices allocated once and refilled by
/// `ReplayBuffer.sample(into:generator:)`.
public final class ReplayBatch {
    /// Observations sᵢ, `size × observationSize`.
    public let observations: Matrix
    /// Normalized actions aᵢ in [−1, 1], `size × actionSize`.
    public let actions: Matrix
    /// Rewards rᵢ, `size × 1`.
    public let rewards: Matrix
    /// Next observations sᵢ′ (the episode's last observation when it ended), `size × observationSize`.
    public let nextObservations: Matrix
    /// 1 where the episode terminated at this transition (no bootstrapping), else 0.
    /// A time-limit truncation stores 0, as SB3's `handle_timeout_termination`.
    public let terminations: Matrix

    /// Creates the matrices for batches of `size` transitions.
    public init(size: Int, observationSize: Int, actionSize: Int) {
        precondition(size > 0 && observationSize > 0 && actionSize > 0, "ReplayBatch: sizes must be positive")
        observations = Matrix(rows: size, columns: observationSize)
        actions = Matrix(rows: size, columns: actionSize)
        rewards = Matrix(rows: size, columns: 1)
        nextObservations = Matrix(rows: size, columns: observationSize)
        terminations = Matrix(rows: size, columns: 1)
    }

    /// Transitions per batch.
    public var size: Int { observations.rows }
}
