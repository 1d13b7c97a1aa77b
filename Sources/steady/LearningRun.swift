import ArgumentParser
import Foundation
import Learning
import MuJoCo
import Neural
import Safety
import Sidecar
import Sim
import SteadyCore

/// What `steady run --learn` adds to a run: the learning reach policy the loop calls, the
/// stream to the learner, the learner itself when the run starts one, and the episode table.
final class LearningRun {
    /// What the loop calls.
    let policy: ReachEpisodePolicy
    /// The I/O side.
    let streamer: ActorStreamer
    /// The learner this run started (nil: `--sidecar` named a running one).
    let child: SidecarChild?
    /// The spec's environment (`so101:reach`).
    let environmentName: String
    /// The task's control rate, Hz.
    let taskRateHz: Double
    /// Where `episodes.csv` goes (nil: no run log).
    let runDirectory: URL?
    private let lock = NSLock()
    private var finished: [ActorEpisode] = []

    /// Builds the learning policy for `robot` and connects it (starting a learner in
    /// `runDirectory/sidecar` unless `options.sidecar` names one).
    /// - Parameters:
    ///   - callRateHz: the rate the loop will call the policy at.
    init(options: LearnOptions, exploration explorationOptions: ExplorationOptions, robot: RobotDescription,
         goal: SIMD3<Double>?, seed: UInt64, callRateHz: Double, safety: SafetyConfiguration, runDirectory: URL?) throws {
        let algorithm = options.learn!
        try explorationOptions.check(for: algorithm, allowsSACParameterNoise: true)
        environmentName = "\(robot.name):reach"
        self.runDirectory = runDirectory
        guard let task = try makeEnvironment(name: environmentName, seed: seed) as? ReachTask else {
            throw ValidationError("--learn runs the reach task; \(environmentName) is not one")
        }
        taskRateHz = 1 / task.controlPeriodSeconds
        let o = task.observationSpace.dimension, a = task.actionSpace.dimension
        var hiddenSizes = try parseHiddenSizes(options.net)
        var initial: SafetensorsFile?
        if let initFrom = options.initFrom {
            let (metadata, file) = try Checkpoint.read(from: Self.checkpointDirectory(initFrom))
            guard metadata.algorithm == algorithm.rawValue else {
                throw ValidationError("--init-from \(initFrom) holds a \(metadata.algorithm) checkpoint, not --learn \(algorithm.rawValue)")
            }
            guard metadata.environment.hasPrefix("\(robot.name):reach"), metadata.observationSize == o, metadata.actionSize == a else {
                throw ValidationError("--init-from \(initFrom) was trained on \(metadata.environment) (\(metadata.observationSize) observations, \(metadata.actionSize) actions), not \(environmentName) (\(o), \(a))")
            }
            hiddenSizes = metadata.actor.hiddenSizes
            initial = file
        }
        let settings = explorationOptions.settings(for: algorithm)
        let actorSpec = ActorSpec(algorithm: algorithm.rawValue, hiddenSizes: hiddenSizes, exploration: settings.kind)
        let network = ActorNetwork(spec: actorSpec, observationSize: o, actionSize: a, seed: seed)
        if let initial { network.adopt(try network.staged(from: initial)) }
        let actor = try ActorPolicy(network: network, exploration: settings, seed: seed)
        let spec = SidecarSpec(environment: task.name, observationSize: o, actionSize: a, algorithm: algorithm.rawValue,
                               actor: actorSpec.description)
        if options.sidecar != nil {
            child = nil
        } else {
            let directory = (runDirectory ?? URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("steady-learn-\(getpid())"))
                .appendingPathComponent("sidecar")
            child = try SidecarChild(arguments: Self.sidecarArguments(options, explorationOptions, environment: environmentName,
                                                                      hiddenSizes: hiddenSizes, seed: seed),
                                     directory: directory)
        }
        var clientSettings = ActorClient.Settings()
        clientSettings.storeCapacity = max(options.stream.store, options.stream.sendBatch)
        let address = child.map { SidecarAddress.unix(path: $0.socketPath) } ?? SidecarAddress(options.sidecar!)!
        let client = ActorClient(address: address, spec: spec, name: "run-\(robot.name)-\(getpid())", settings: clientSettings)
        streamer = ActorStreamer(policy: actor, client: client, ringCapacity: max(options.ring, options.stream.sendBatch),
                                 batchSize: options.stream.sendBatch)
        let simulation = try SimModel(contentsOf: Self.modelFile(of: robot).path)
        let adapter = try ReachPolicyAdapter(robot: robot, model: simulation, network: actor, goal: goal, seed: seed)
        policy = ReachEpisodePolicy(adapter: adapter, actor: actor, streamer: streamer, maxEpisodeSteps: task.maxEpisodeSteps,
                                    startPose: Array(repeating: 0, count: robot.joints.count), limits: MotionLimits(safety),
                                    callRateHz: callRateHz, episodes: options.episodes,
                                    holdsWithoutLearner: options.holdWithoutSidecar)
        streamer.onEpisode = { [weak self] episode in
            self?.lock.withLock { self?.finished.append(episode) }
            print(Self.line(episode))
            flushOutput()
        }
        streamer.onLog = { printError($0) }
    }

    /// Connects and starts streaming.
    func start() { streamer.start() }

    /// Stops streaming (waiting up to `durableTimeoutSeconds` for the learner to make everything
    /// durable), stops a started learner, and returns the summary lines.
    func finish(durableTimeoutSeconds: Double = 10) -> [String] {
        streamer.stopPumping()
        // A started learner checkpoints as it stops, and acknowledges everything as durable.
        if let child {
            streamer.client.expectLearnerToClose()
            child.stop()
        }
        let counters = streamer.stop(durableTimeoutSeconds: child == nil ? durableTimeoutSeconds : min(durableTimeoutSeconds, 2))
        let episodes = lock.withLock { finished }
        var lines = [Self.countersLine(counters, duplicates: child?.duplicates(actor: streamer.client.name),
                                       weights: policy.weightsVersion)]
        lines += EpisodeTable.render(episodes)
        if let runDirectory {
            do {
                try EpisodeResults.write(episodes, to: runDirectory)
                lines.append("episodes: \(displayPath(runDirectory.appendingPathComponent(EpisodeResults.fileName)))")
            } catch {
                lines.append("warning: \(error)")
            }
        }
        if let child { lines.append("sidecar: \(displayPath(child.directory)) (log sidecar.log, checkpoints/)") }
        return lines
    }

    /// Episodes finished so far.
    var episodes: [ActorEpisode] { lock.withLock { finished } }

    static func line(_ e: ActorEpisode) -> String {
        "episode \(e.episode): return \(fixed(e.episodeReturn, 2)), \(e.success ? "success" : "no success"), final distance "
            + "\(fixed(e.finalDistanceMeters * 1000, 1)) mm, \(e.length) steps, weights v\(e.weightsVersion), continuity \(fixed(e.continuityCost, 3))"
    }

    static func countersLine(_ c: ActorStreamer.Counters, duplicates: Int?, weights: UInt64) -> String {
        "learning: transitions produced \(c.produced), sent \(c.sent), acknowledged \(c.acknowledged), pending \(c.pending), "
            + "dropped \(c.dropped) (ring \(c.droppedInRing), store \(c.droppedInStore)), duplicated \(duplicates.map(String.init) ?? "?")"
            + " — \(c.addsUp ? "they add up" : "THEY DO NOT ADD UP"); batches resent \(c.batchesResent); connections \(c.connections), "
            + "disconnects \(c.disconnects); weights v\(weights) (received \(c.weightsReceived), refused \(c.weightsRefused))"
    }

    /// The checkpoint directory at `path` (a run directory holding `policy/` works too).
    static func checkpointDirectory(_ path: String) -> URL {
        let url = URL(fileURLWithPath: path)
        let nested = url.appendingPathComponent("policy")
        return FileManager.default.fileExists(atPath: nested.appendingPathComponent(Checkpoint.modelFileName).path) ? nested : url
    }

    static func modelFile(of robot: RobotDescription) throws -> URL {
        guard let file = robot.directory?.appendingPathComponent("model.xml"), FileManager.default.fileExists(atPath: file.path) else {
            throw ValidationError("robot \(robot.name) has no MuJoCo model (model.xml), needed for the reach task's end effector")
        }
        return file
    }

    /// The started learner's command line: the same spec as the actor's.
    static func sidecarArguments(_ o: LearnOptions, _ e: ExplorationOptions, environment: String, hiddenSizes: [Int],
                                 seed: UInt64) -> [String] {
        var arguments = ["--env", environment, "--algo", o.learn!.rawValue, "--net", hiddenSizes.map(String.init).joined(separator: ","),
                         "--utd", String(o.utd), "--learning-starts", String(o.learningStarts),
                         "--publish-every", String(o.publishEvery), "--seed", String(seed), "--quiet"]
        if let initFrom = o.initFrom { arguments += ["--init-from", checkpointDirectory(initFrom).path] }
        if let prior = o.priorBuffer { arguments += ["--prior-buffer", prior] }
        if let lr = o.lr { arguments.append("--lr=\(lr)") }
        if o.layerNormCritics { arguments.append("--layer-norm-critics") }
        if let kind = e.explore { arguments += ["--explore", kind.rawValue] }
        // `--name=value`: a negative value would otherwise read as an option.
        if let interval = e.noiseInterval { arguments.append("--noise-interval=\(interval)") }
        if let sigma = e.sigma { arguments.append("--sigma=\(sigma)") }
        arguments += ["--ou-theta=\(e.ouTheta)", "--ou-dt=\(e.ouDt)", "--param-delta=\(e.paramDelta)",
                      "--adapt-every=\(e.adaptEvery)", "--log-std-init=\(e.logStdInit)"]
        return arguments
    }
}
