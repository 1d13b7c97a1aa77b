import Foundation
import Learning
import MuJoCo
import Neural
import Safety
import Sidecar
import Sim
import SteadyCore

/// `steady bench tick --learning`'s policy: the learning reach policy of `steady run --learn`
/// (TD3 actor, Gaussian exploration, episodes with the return motion) with its I/O side played
/// between batches of ticks: the transition and episode rings drained as the I/O thread drains
/// them, and new weights staged every few batches so that the tick adopts them.
final class LearningTickFixture {
    let policy: ReachEpisodePolicy
    let streamer: ActorStreamer
    private let blobs: [[UInt8]]
    private var batches = 0
    private var version: UInt64 = 0
    private var batch: TransitionBatch
    /// Transitions and episodes drained, weights adopted.
    private(set) var transitions = 0, episodes = 0

    /// The policy for `robot`, called at `callRateHz`.
    init(robot: RobotDescription, callRateHz: Double, safety: SafetyConfiguration) throws {
        guard let task = try makeEnvironment(name: "\(robot.name):reach", seed: 1) as? ReachTask else {
            throw SidecarChildError(message: "\(robot.name) has no reach task")
        }
        let o = task.observationSpace.dimension, a = task.actionSpace.dimension
        let settings = ExplorationSettings(kind: .gaussian, sigma: 0.1)
        let spec = ActorSpec(algorithm: "td3", hiddenSizes: [64, 64], exploration: settings.kind)
        let actor = try ActorPolicy(network: ActorNetwork(spec: spec, observationSize: o, actionSize: a, seed: 1),
                                    exploration: settings, seed: 1)
        let client = ActorClient(address: .unix(path: "/nonexistent/steady-bench.sock"),
                                 spec: SidecarSpec(environment: task.name, observationSize: o, actionSize: a, algorithm: "td3",
                                                   actor: spec.description),
                                 name: "bench")
        streamer = ActorStreamer(policy: actor, client: client, ringCapacity: 8_192, batchSize: 64)
        let model = try SimModel(contentsOf: LearningRun.modelFile(of: robot).path)
        let adapter = try ReachPolicyAdapter(robot: robot, model: model, network: actor, goal: nil, seed: 1)
        policy = ReachEpisodePolicy(adapter: adapter, actor: actor, streamer: streamer, maxEpisodeSteps: task.maxEpisodeSteps,
                                    startPose: Array(repeating: 0, count: robot.joints.count), limits: MotionLimits(safety),
                                    callRateHz: callRateHz, episodes: nil, holdsWithoutLearner: false)
        blobs = (0..<2).map { seed in
            let agent = makeAgent(algorithm: .td3, observationSize: o, actionSize: a, hiddenSizes: [64, 64], batchSize: 4,
                                  learningRate: nil, tau: nil, gamma: nil, exploration: settings, seed: UInt64(seed + 2))
            return Array(SafetensorsFile(tensors: agent.checkpointTensors().filter { $0.name.hasPrefix("actor.") }).serialized())
        }
        batch = TransitionBatch(observationSize: o, actionSize: a, capacity: 8_192)
    }

    /// The I/O side's work, off the tick: drain the rings, release what was adopted, and
    /// every fourth call stage new weights.
    func service() {
        batch.removeAll()
        transitions += streamer.ring.drain(into: &batch, limit: streamer.ring.capacity)
        while streamer.episodes.pop() != nil { episodes += 1 }
        streamer.policy.collect()
        batches += 1
        if batches % 4 == 0 {
            version += 1
            _ = streamer.policy.stage(version: version, blob: blobs[Int(version) % blobs.count])
        }
    }
}
