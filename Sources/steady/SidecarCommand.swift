import ArgumentParser
import Foundation
import Learning
import Metrics
import Neural
import Sidecar
import SteadyCore

/// `steady sidecar`: the learner that actors (`steady actor`, `steady run --learn`, Python
/// clients) feed over the sidecar protocol.
struct SidecarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sidecar",
        abstract: "Run the learner: serve actors over the sidecar protocol, train on what they send, publish weights.",
        discussion: """
        Listens on RUN/sidecar.sock (a Unix socket, mode 0600) and, with --listen HOST:PORT, on \
        TCP (port 0: any free port, printed). Actors must match the spec (environment, sizes, \
        algorithm, actor shape); see docs/sidecar-protocol.md. Each stored transition buys --utd \
        gradient updates once --learning-starts are stored; weights go to every actor every \
        --publish-every updates. Every --checkpoint-every seconds (and at the end) the networks, \
        optimizers, entropy coefficient, replay buffer and each actor's delivery state go \
        atomically to RUN/checkpoints/N (RUN/policy/ gets the networks for `steady eval`); \
        started again on the same run directory, the sidecar resumes from the newest one.

        Examples:
          steady sidecar --env pendulum --algo sac --run-dir runs/side --lr 1e-3 --learning-starts 1000
          steady actor --env pendulum --sidecar runs/side/sidecar.sock
        """)

    @Option(name: .long, help: "Environment: its name and spaces go into the spec, weights and checkpoints.")
    var env: String

    @Option(name: .customLong("run-dir"), help: "Run directory: socket, checkpoints, progress.csv, actors.csv (per-actor counters), tb/ (resumed when it holds a checkpoint).")
    var runDirectory: String

    @Option(name: .long, help: "Also listen on TCP at HOST:PORT (HOST defaults to 127.0.0.1; port 0 picks one).")
    var listen: String?

    @Option(name: .long, help: "Unix socket path (default RUN/sidecar.sock).")
    var socket: String?

    @Option(name: .long, help: "Gradient updates per received transition (update-to-data ratio), 1–20.", transform: SidecarRanges.utd.parse)
    var utd = 1

    @Option(name: .customLong("learning-starts"), help: "Transitions stored before the first update (0–100000000).",
            transform: SidecarRanges.learningStarts.parse)
    var learningStarts = 100

    @Option(name: .customLong("publish-every"), help: "Updates between weight publications (1–1000000).",
            transform: SidecarRanges.publishEvery.parse)
    var publishEvery = 50

    @Option(name: .customLong("checkpoint-every"), help: "Seconds between checkpoints, 0–86400 (0: only at the end).",
            transform: SidecarRanges.checkpointEvery.parse)
    var checkpointEvery = 30.0

    @Option(name: .customLong("max-batch"), help: "Most transitions per TRANSITIONS frame (1–65536).", transform: SidecarRanges.maxBatch.parse)
    var maxBatch = 256

    @Option(name: .long, help: "Most batches an actor may send ahead of the learner's acknowledgement (1–1024).",
            transform: SidecarRanges.window.parse)
    var window = 4

    @Option(name: .customLong("init-from"), help: "Start from this checkpoint directory's actor, critics and entropy coefficient, with its learning rate, batch size, tau, gamma and critic LayerNorm unless given.")
    var initFrom: String?

    @Option(name: .customLong("prior-buffer"), help: "Mix this run's (or replay.safetensors file's) replay data 50/50 into every batch, as RLPD does.")
    var priorBuffer: String?

    @Option(name: .long, help: "Stop after this many stored transitions, 1–1000000000 (default: run until interrupted).",
            transform: SidecarRanges.steps.parse)
    var steps: Int?

    @Option(name: .long, help: "Seed of networks and replay sampling.")
    var seed: UInt64 = 1

    @Flag(name: .long, help: "Print only the start and the final summary.")
    var quiet = false

    @OptionGroup var agentOptions: AgentOptions
    @OptionGroup var explorationOptions: ExplorationOptions
    @OptionGroup var tensorBoardOption: TensorBoardOption

    func validate() throws {
        if let listen, SidecarAddress(listen).map({ if case .tcp = $0 { true } else { false } }) != true {
            throw ValidationError("--listen must be HOST:PORT or :PORT, not '\(listen)'")
        }
        try explorationOptions.check(for: agentOptions.algo, allowsSACParameterNoise: true)
        _ = try makeEnvironment(name: env, seed: 0)
    }

    func run() throws {
        BLAS.threadCount = agentOptions.blasThreads
        let run = URL(fileURLWithPath: runDirectory)
        try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
        let environment = try makeEnvironment(name: env, seed: seed)
        let o = environment.observationSpace.dimension, a = environment.actionSpace.dimension
        let exploration = explorationOptions.settings(for: agentOptions.algo)
        let initial = try initFrom.map { try Checkpoint.read(from: URL(fileURLWithPath: $0)) }
        let hyperparameters = initial?.metadata.hyperparameters ?? [:]
        let (options, inherited) = agentOptions.inheriting(hyperparameters)
        let agent = try options.agent(observationSize: o, actionSize: a, exploration: exploration, seed: seed)
        let spec = SidecarSpec(environment: environment.name, observationSize: o, actionSize: a, algorithm: agent.algorithm,
                               actor: ActorSpec(agent.agentDescription.actor).description)
        let buffer = ReplayBuffer(capacity: agentOptions.buffer, observationSize: o, actionSize: a)
        let store = LearnerCheckpointStore(runDirectory: run)
        var ledger = DeliveryLedger()
        var resume: LearnerCheckpointState?
        if let latest = try store.readLatest() {
            try agent.restore(from: latest.file, optimizers: true)
            try buffer.add(contentsOf: latest.replay)
            ledger = DeliveryLedger(entries: latest.state.actors)
            resume = latest.state
            print("resumed from \(store.latestPath ?? "?"): \(latest.state.steps) transitions, \(agent.updateCount) updates, weights v\(latest.state.weightsVersion), \(latest.state.actors.count) actors")
        } else if let initFrom, let initial {
            try agent.restore(from: initial.file, optimizers: false)
            print("initialized actor, critics\(agent.entropyCoefficient == nil ? "" : " and entropy coefficient") from \(initFrom)"
                  + (inherited.isEmpty ? "" : "; its " + inherited.joined(separator: ", ")))
        }
        let prior = try priorBuffer.map { try loadPriorBuffer($0, observationSize: o, actionSize: a) }
        var settings = LearnerSettings()
        settings.maxBatch = UInt32(maxBatch)
        settings.window = UInt32(window)
        settings.name = "steady sidecar (\(agent.algorithm) on \(environment.name))"
        let server = LearnerServer(spec: spec, settings: settings, ledger: ledger, inbox: LearnerInbox())
        let socketPath = socket ?? run.appendingPathComponent("sidecar.sock").path
        try server.listen(on: .unix(path: socketPath))
        var addresses = ["unix:\(socketPath)"]
        if let listen, let address = SidecarAddress(listen) { addresses.append(try server.listen(on: address).description) }
        var configuration = LearnerConfiguration()
        configuration.updatesPerTransition = utd
        configuration.learningStarts = learningStarts
        configuration.publishEvery = publishEvery
        configuration.checkpointEverySeconds = checkpointEvery
        configuration.bufferCapacity = agentOptions.buffer
        configuration.seed = seed
        configuration.publishesAtStart = initFrom != nil || resume != nil
        let learner = SidecarLearner(agent: agent, buffer: buffer, priorBuffer: prior, server: server, environment: environment,
                                     configuration: configuration, checkpoints: store, resume: resume)
        try serve(learner, addresses: addresses, spec: spec, run: run)
    }

    private func serve(_ learner: SidecarLearner, addresses: [String], spec: SidecarSpec, run: URL) throws {
        let tensorBoard = try tensorBoardOption.makeWriter(runDirectory: run)
        let csv = try SidecarProgressCSV(url: run.appendingPathComponent("progress.csv"))
        let actorsCSV = try SidecarActorsCSV(url: run.appendingPathComponent("actors.csv"))
        learner.onStatus = { status in
            if !quiet { print(status.line) }
            csv.append(status)
            actorsCSV.append(status)
            tensorBoard?.add(sidecarScalars(status), step: status.steps)
        }
        installStopSignals()
        let limit = steps
        learner.shouldStop = { stopSignalReceived != 0 || limit.map { learner.steps >= $0 } ?? false }
        print("sidecar: \(learner.agent.algorithm) on \(env) listening on \(addresses.joined(separator: " and ")); spec hash \(spec.hash.prefix(4).map { String(format: "%02x", $0) }.joined())…")
        fflush(stdout)
        do {
            try learner.run()
        } catch {
            learner.server.stop(reason: "learner failed")
            printError("steady sidecar: \(error)")
            throw ExitCode.failure
        }
        learner.server.stop()
        try tensorBoard?.close()
        let entries = learner.server.ledger.snapshot.values.sorted { $0.name < $1.name }
        print("sidecar: \(learner.steps) transitions, \(learner.agent.updateCount) updates, \(learner.episodes) episodes, weights v\(learner.weightsVersion); checkpoint \(learner.checkpoints?.latestPath ?? "-")")
        for entry in entries {
            print("  actor \(entry.name): \(entry.transitions) transitions stored, batches applied \(entry.applied), durable \(entry.durable), duplicates \(entry.duplicates), episodes \(entry.episodes)")
        }
        if stopSignalReceived != 0 { throw ExitCode(130) }
    }
}

/// Reads `--prior-buffer`: a run directory (its newest sidecar checkpoint's replay) or a
/// `replay.safetensors` file.
func loadPriorBuffer(_ path: String, observationSize: Int, actionSize: Int) throws -> ReplayBuffer {
    let url = URL(fileURLWithPath: path)
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw ValidationError("--prior-buffer: no such file or directory '\(path)'")
    }
    let fileURL = isDirectory.boolValue
        ? (LearnerCheckpointStore(runDirectory: url).latestDirectory()?.appendingPathComponent("replay.safetensors")
           ?? url.appendingPathComponent("replay.safetensors"))
        : url
    let file = try SafetensorsFile(contentsOf: fileURL)
    let rows = file["replay.rewards"]?.shape.first ?? 0
    guard rows > 0 else { throw ValidationError("--prior-buffer: \(fileURL.path) holds no transitions") }
    let buffer = ReplayBuffer(capacity: rows, observationSize: observationSize, actionSize: actionSize)
    try buffer.add(contentsOf: file)
    print("prior buffer: \(rows) transitions from \(fileURL.path), mixed 50/50 with online data")
    return buffer
}

/// The learner's TensorBoard scalars: SB3's tag names plus per-actor counters.
func sidecarScalars(_ status: LearnerStatus) -> [TensorBoardScalar] {
    var values: [(String, Double?)] = [
        ("rollout/ep_rew_mean", status.meanReturn), ("rollout/ep_len_mean", status.meanLength),
        ("train/critic_loss", status.criticLoss), ("train/actor_loss", status.actorLoss),
        ("train/ent_coef", status.entropyCoefficient), ("time/fps", status.stepsPerSecond),
        ("time/updates_per_second", status.updatesPerSecond), ("sidecar/weights_version", Double(status.weightsVersion)),
        ("sidecar/actors_connected", Double(status.actors.values.filter(\.connected).count)),
    ]
    for actor in status.actors.values {
        let name = actor.name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" }
        values.append(("sidecar/\(String(name))/transitions", Double(actor.entry.transitions)))
        values.append(("sidecar/\(String(name))/duplicates", Double(actor.entry.duplicates)))
        values.append(("sidecar/\(String(name))/episodes", Double(actor.entry.episodes)))
    }
    return values.compactMap { tag, value in value.flatMap { $0.isFinite ? TensorBoardScalar(tag, $0) : nil } }
}
