import Foundation

/// How the sidecar learner trains on what actors send.
public struct LearnerConfiguration: Sendable {
    /// Gradient updates per received transition (the update-to-data ratio), 1…20.
    public var updatesPerTransition = 1
    /// Transitions stored before the first update (SB3's `learning_starts`).
    public var learningStarts = 100
    /// Updates between weight publications.
    public var publishEvery = 50
    /// Seconds between checkpoints (0: only at the end).
    public var checkpointEverySeconds = 30.0
    /// Replay capacity.
    public var bufferCapacity = 1_000_000
    /// Seed of replay sampling.
    public var seed: UInt64 = 1
    /// Seconds between status reports, progress.csv rows and TensorBoard points.
    public var reportEverySeconds = 1.0
    /// Publish weights before the first update (a learner started from a checkpoint).
    public var publishesAtStart = false

    /// Default configuration.
    public init() {}
}

/// What the learner reports every `reportEverySeconds`: the status line, a progress.csv row and
/// TensorBoard scalars.
public struct LearnerStatus: Sendable {
    /// One actor's counters.
    public struct Actor: Sendable {
        /// Its name.
        public var name: String
        /// Whether it is connected now.
        public var connected: Bool
        /// Its ledger entry.
        public var entry: DeliveryLedger.Entry
    }

    /// Transitions stored (all actors, this run and resumed).
    public var steps: Int
    /// Gradient updates.
    public var updates: Int
    /// Episodes reported.
    public var episodes: Int
    /// The newest weights version.
    public var weightsVersion: UInt64
    /// Mean return of the last 100 reported episodes.
    public var meanReturn: Double?
    /// Mean length of the same.
    public var meanLength: Double?
    /// Mean critic loss since the last report.
    public var criticLoss: Double?
    /// Mean actor loss since the last report.
    public var actorLoss: Double?
    /// SAC's α now.
    public var entropyCoefficient: Double?
    /// Transitions per second since the last report.
    public var stepsPerSecond: Double
    /// Updates per second since the last report.
    public var updatesPerSecond: Double
    /// Seconds since start.
    public var elapsedSeconds: Double
    /// Every actor the ledger knows, by key.
    public var actors: [String: Actor]

    /// `steps 12000  updates 11000 (410/s)  steps/s 410  return -180.2  v37  actors: ray-1 4000 (0 dup) …`
    public var line: String {
        func f(_ v: Double?, _ digits: Int) -> String { v.map { String(format: "%.\(digits)f", $0) } ?? "-" }
        let actorText = actors.values.sorted { $0.name < $1.name }.map {
            "\($0.name)\($0.connected ? "" : "(gone)") \($0.entry.transitions) (\($0.entry.duplicates) dup)"
        }.joined(separator: ", ")
        return "steps \(steps)  updates \(updates) (\(f(updatesPerSecond, 0))/s)  steps/s \(f(stepsPerSecond, 0))  "
            + "episodes \(episodes)  return \(f(meanReturn, 1))  weights v\(weightsVersion)  actors: \(actorText)"
    }
}
