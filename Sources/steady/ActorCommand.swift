import ArgumentParser
import Foundation
import Learning
import Sidecar
import SteadyCore

/// `steady actor`: a simulated actor that feeds a `steady sidecar`.
struct ActorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "actor",
        abstract: "Step simulated environments with the sidecar's newest weights and stream the transitions to it.",
        discussion: """
        Connects to a learner (`steady sidecar`) at --sidecar (a Unix socket path or HOST:PORT), \
        with the spec --env, --algo, --net and --explore make (they must match the learner's). \
        Acts uniformly at random until the first weights arrive, then explores around them with \
        the same exploration code as `steady train`; new weights are adopted between steps. \
        Keeps every batch until the learner has it in a checkpoint; reconnects with backoff \
        (0.1 s doubling to 1 s) and resends what the learner has not applied; a learner that \
        stops on purpose (it says BYE, e.g. on Ctrl-C) stops the actor too. A simulator may \
        wait for the learner (--on-full wait, the default); --on-full drop drops and counts \
        what does not fit, as a robot must. --pace HZ steps on the clock, as an arm's loop \
        does (`steady bench fleet` uses it to stand for a fleet of arms).

        Examples:
          steady actor --env pendulum --sidecar runs/side/sidecar.sock --steps 20000
          steady actor --env so101:reach --randomize default --envs 4 --sidecar 10.0.0.5:7000 --name lab-pc-1
        """)

    enum FullPolicy: String, ExpressibleByArgument { case wait, drop }

    @Option(name: .long, help: "Environment: \(knownEnvironmentNames.joined(separator: ", ")).")
    var env: String

    @Option(name: .long, help: "Domain randomization: none, default (robots/<robot>/randomization.yaml) or a YAML file.")
    var randomize = "none"

    @Option(name: .long, help: "The learner: a Unix socket path (unix:PATH or a path with /) or HOST:PORT.", transform: sidecarAddressArgument)
    var sidecar: String

    @Option(name: .long, help: "Environments stepped in turn, each with its own noise (1–1024).", transform: SidecarRanges.envs.parse)
    var envs = 1

    @Option(name: .long, help: "Step each environment this many times a second, waiting on the clock as a robot's loop does (default: as fast as it can).",
            transform: SidecarRanges.pace.parse)
    var pace: Double?

    @Option(name: .long, help: "Algorithm of the learner: sac, td3 or ddpg (part of the spec).")
    var algo: TrainAlgorithm = .sac

    @Option(name: .long, help: "Hidden widths of the learner's actor (part of the spec).", transform: hiddenSizesArgument)
    var net = "256,256"

    @Option(name: .customLong("on-full"), help: "When the store is full or the learner is behind: wait (a simulator) or drop (as a robot).")
    var onFull: FullPolicy = .wait

    @Option(name: .long, help: "Stop after this many transitions, 1–1000000000 (default: until interrupted or the learner stops).",
            transform: SidecarRanges.steps.parse)
    var steps: Int?

    @Option(name: .long, help: "Name shown in the learner's status line (default: actor-PID).")
    var name: String?

    @Option(name: .long, help: "Seed of the environments and the exploration.")
    var seed: UInt64 = 1

    @Flag(name: .long, help: "Print only connection events and the final summary.")
    var quiet = false

    @OptionGroup var stream: ActorStreamOptions
    @OptionGroup var explorationOptions: ExplorationOptions

    func validate() throws {
        guard stream.store >= stream.sendBatch else {
            throw ValidationError("--store \(stream.store) must be at least --send-batch \(stream.sendBatch)")
        }
        try explorationOptions.check(for: algo, allowsSACParameterNoise: true)
        _ = try makeEnvironment(name: env, seed: 0)
    }

    func run() throws {
        let environments = try (0..<envs).map { try makeEnvironment(name: env, seed: seed &+ UInt64($0), randomize: randomize) }
        let first = environments[0]
        let o = first.observationSpace.dimension, a = first.actionSpace.dimension
        let exploration = explorationOptions.settings(for: algo)
        let actorSpec = ActorSpec(algorithm: algo.rawValue, hiddenSizes: try parseHiddenSizes(net), exploration: exploration.kind)
        let spec = SidecarSpec(environment: first.name, observationSize: o, actionSize: a, algorithm: algo.rawValue,
                               actor: actorSpec.description)
        var settings = ActorClient.Settings()
        settings.storeCapacity = stream.store
        let client = ActorClient(address: SidecarAddress(sidecar)!, spec: spec, name: name ?? "actor-\(getpid())",
                                 settings: settings)
        client.onLog = { print($0); fflush(stdout) }
        let actor = try SimulatedActor(environments: environments, network: ActorNetwork(spec: actorSpec, observationSize: o, actionSize: a),
                                       exploration: exploration, client: client, batchSize: stream.sendBatch,
                                       waitsWhenFull: onFull == .wait, seed: seed)
        actor.roundPeriodNanoseconds = pace.map { UInt64((1e9 / $0).rounded()) }
        var shown = 0
        actor.onEpisode = { report in
            shown += 1
            if !quiet && shown % 10 == 0 {
                print("episode \(report.episode): return \(String(format: "%.1f", report["return"] ?? .nan)) length \(Int(report["length"] ?? 0)) weights v\(report.weightsVersion)")
            }
        }
        installStopSignals()
        actor.shouldStop = { stopSignalReceived != 0 || client.rejected != nil || client.learnerStopReason != nil }
        client.start()
        print("actor \(client.name): \(envs) × \(first.name)\(pace.map { " at \(fixed($0, 1)) Hz" } ?? ""), explore \(exploration.kind.rawValue), → \(sidecar)")
        let produced = try actor.run(steps: steps)
        // A learner that said BYE acknowledges nothing more: what is durable now is all there is.
        let learnerStopped = client.learnerStopReason
        let durable = stopSignalReceived == 0 && client.rejected == nil
            && client.waitUntilDurable(timeoutSeconds: learnerStopped == nil ? 60 : 0)
        let c = client.stop()
        if let reject = client.rejected {
            printError("steady actor: the learner refused this actor: \(reject.message)")
            throw ExitCode.failure
        }
        if let learnerStopped, produced < (steps ?? Int.max) {
            print("actor \(client.name): stopping, the learner stopped (\(learnerStopped))")
        }
        print("actor \(client.name): produced \(c.produced) (\(produced) stepped), durable \(c.durable), pending \(c.pending), dropped \(c.dropped); batches sent \(c.batchesSent) (resent \(c.batchesResent)); connections \(c.connections), disconnects \(c.disconnects); weights received \(c.weightsReceived), refused \(c.weightsRejected)\(pace == nil ? "" : "; late rounds \(actor.lateRounds)")\(durable ? "" : "; not all durable")")
        if stopSignalReceived != 0 { throw ExitCode(130) }
    }
}
