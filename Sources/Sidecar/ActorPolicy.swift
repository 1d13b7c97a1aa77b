import Atomics
import Learning
import Neural
import SteadyCore

/// The learning policy a runtime hosts: an actor network in the normalized [−1, 1] action
/// space whose weights come from the sidecar, explored around with the `Exploration` that
/// `steady train` uses (the network makes it: one implementation).
///
/// Weights arrive on the I/O thread (`stage`), are checked there into a fresh network (finite
/// values, tensor names and shapes, version increasing: anything else is refused and the old
/// weights kept) and handed over latest-wins through a lock-free `WeightsMailbox`; `act` adopts
/// them before it acts, so a swap falls between two policy calls. The last observation and
/// action are kept for the caller that turns them into transitions.
///
/// - Important: `act` and `reset` are real-time safe: no allocation, lock or system call.
public final class ActorPolicy: Policy {
    public let name: String
    /// The network acted with.
    public let network: ActorNetwork
    /// The exploration around it; nil acts deterministically.
    public let exploration: (any Exploration)?
    /// The observation of the last `act`.
    public let lastObservation: UnsafeMutableBufferPointer<Float>
    /// The action of the last `act` (normalized, clipped to [−1, 1]).
    public let lastAction: UnsafeMutableBufferPointer<Float>
    /// When set, `act` only records the observation (an episode's last reading): no noise is
    /// drawn and `action` is left as it is.
    public var observesOnly = false

    private let weights = WeightsMailbox<ActorNetwork>()
    private let states = WeightsMailbox<ExplorationState>()
    private let versionInUse = ManagedAtomic<UInt64>(0)
    private let refusals = ManagedAtomic<Int>(0)
    private var generator: SeededGenerator

    /// A policy around `network` (its present weights are version `initialVersion`).
    /// - Parameters:
    ///   - exploration: how to explore; nil acts deterministically.
    ///   - seed: seeds the exploration's noise (the trainer's generator with the same seed draws
    ///     the same noise).
    /// - Throws: `ActorWeightsError.unsupportedExploration` when the network cannot explore so.
    public init(network: ActorNetwork, exploration settings: ExplorationSettings?, seed: UInt64, initialVersion: UInt64 = 0) throws {
        self.network = network
        exploration = try settings.map { try network.makeExploration($0, environments: 1) }
        generator = SeededGenerator(seed: seed)
        lastObservation = .allocate(capacity: network.observationSize)
        lastObservation.initialize(repeating: 0)
        lastAction = .allocate(capacity: network.actionSize)
        lastAction.initialize(repeating: 0)
        versionInUse.store(initialVersion, ordering: .relaxed)
        name = "learning \(network.spec.kind.rawValue)" + (settings.map { " + \($0.kind.rawValue) exploration" } ?? "")
    }

    deinit {
        lastObservation.deallocate()
        lastAction.deallocate()
    }

    /// The weights version `act` uses now (any thread).
    public var weightsVersion: UInt64 { versionInUse.load(ordering: .relaxed) }
    /// Weight blobs refused so far (any thread).
    public var refusedWeights: Int { refusals.load(ordering: .relaxed) }

    /// Checks a `WEIGHTS` blob off the acting thread and offers it for adoption; false (and the
    /// old weights kept) when its version is not newer or a tensor is missing, misshapen or not
    /// finite. I/O thread only.
    @discardableResult
    public func stage(version: UInt64, blob: [UInt8]) -> Result<Void, Error> {
        do {
            guard version > max(weights.version, weightsVersion) else { throw StagingError.staleVersion(version) }
            let file = try WeightsBlob.readWeights(blob).file
            weights.put(version: version, try network.staged(from: file))
            return .success(())
        } catch {
            refusals.wrappingIncrement(ordering: .relaxed)
            return .failure(error)
        }
    }

    /// Offers the learner's exploration state (σ values). I/O thread only.
    public func stage(exploration state: ExplorationState) {
        states.put(version: states.version + 1, state)
    }

    /// Releases what the acting side adopted. I/O thread only.
    public func collect() {
        weights.collect()
        states.collect()
    }

    /// Starts an episode: the exploration's noise restarts.
    public func reset() {
        exploration?.episodeStarted(environment: 0)
    }

    /// Adopts new weights if any, then writes the (explored) action for `observation`.
    /// - Important: Real-time safe.
    public func act(observation: UnsafeBufferPointer<Float>, action: UnsafeMutableBufferPointer<Float>) {
        if let (version, staged) = weights.take() {
            network.adopt(staged)
            versionInUse.store(version, ordering: .relaxed)
        }
        if let (_, state) = states.take() { exploration?.state = state }
        lastObservation.baseAddress!.update(from: observation.baseAddress!, count: network.observationSize)
        guard !observesOnly else { return }
        if let exploration {
            exploration.explore(observation: observation, into: action, environment: 0, generator: &generator)
        } else {
            network.act(observation: observation, into: action)
            for j in 0..<network.actionSize { action[j] = min(max(action[j], -1), 1) }
        }
        lastAction.baseAddress!.update(from: action.baseAddress!, count: network.actionSize)
    }

    /// Why staged weights were refused before their tensors were read.
    public enum StagingError: Error, CustomStringConvertible {
        /// The version is not newer than the one in use or waiting.
        case staleVersion(UInt64)

        public var description: String {
            switch self {
            case let .staleVersion(version): "weights v\(version) are not newer than the ones held"
            }
        }
    }
}
