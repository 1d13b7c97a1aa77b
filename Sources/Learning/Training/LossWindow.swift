/// Sums of the losses of the updates since the window was last reset, and their means.
struct LossWindow {
    private var critic = 0.0, actor = 0.0, entropyCoefficient = 0.0
    private var criticCount = 0, actorCount = 0, entropyCoefficientCount = 0

    /// Adds one update's losses.
    mutating func add(_ statistics: UpdateStatistics) {
        critic += Double(statistics.criticLoss)
        criticCount += 1
        if let loss = statistics.actorLoss {
            actor += Double(loss)
            actorCount += 1
        }
        if let loss = statistics.entropyCoefficientLoss {
            entropyCoefficient += Double(loss)
            entropyCoefficientCount += 1
        }
    }

    /// The means of the losses added since the last reset (nil where none was added).
    var means: LossMeans {
        func mean(_ sum: Double, _ count: Int) -> Double? { count > 0 ? sum / Double(count) : nil }
        return LossMeans(critic: mean(critic, criticCount), actor: mean(actor, actorCount),
                         entropyCoefficient: mean(entropyCoefficient, entropyCoefficientCount))
    }
}

/// Mean losses over some updates.
public struct LossMeans: Sendable, Equatable {
    /// The critic loss.
    public var critic: Double?
    /// The actor loss (TD3 updates the actor every `policyDelay` updates).
    public var actor: Double?
    /// SAC's entropy-coefficient loss.
    public var entropyCoefficient: Double?
}
