import Foundation
import Learning
import Neural
import Sim
import SteadyCore
import XCTest
@testable import Sidecar

/// A learner that crashes after applying batches it had not yet checkpointed, restarted on the
/// same run directory: the actor reconnects, resends from the restarted learner's applied_seq,
/// and every transition is stored exactly once.
final class ExactlyOnceTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("sidecar-once-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(at: directory) }

    static let actorSpec = ActorSpec(algorithm: "sac", hiddenSizes: [16, 16], exploration: .policy)
    static let spec = SidecarSpec(environment: "pendulum", observationSize: 3, actionSize: 1, algorithm: "sac",
                                  actor: actorSpec.description)

    /// A learner on `directory`, resumed from its newest checkpoint when there is one, running on its own thread.
    final class Running {
        let learner: SidecarLearner
        let done = NSCondition()
        var finished = false
        var stop = false

        init(directory: URL, socket: String) throws {
            let environment = try EnvironmentRegistry.make("pendulum", seed: 1)
            let agent = SAC(observationSize: 3, actionSize: 1,
                            configuration: SACConfiguration().with(hiddenSizes: [16, 16], batchSize: 16, learningRate: nil,
                                                                   tau: nil, gamma: nil),
                            exploration: .sacDefault, seed: 1)
            let buffer = ReplayBuffer(capacity: 10_000, observationSize: 3, actionSize: 1)
            let store = LearnerCheckpointStore(runDirectory: directory)
            var ledger = DeliveryLedger(), resume: LearnerCheckpointState?
            if let latest = try store.readLatest() {
                try agent.restore(from: latest.file, optimizers: true)
                try buffer.add(contentsOf: latest.replay)
                ledger = DeliveryLedger(entries: latest.state.actors)
                resume = latest.state
            }
            var settings = LearnerSettings()
            settings.maxBatch = 8
            let server = LearnerServer(spec: ExactlyOnceTests.spec, settings: settings, ledger: ledger, inbox: LearnerInbox())
            try server.listen(on: .unix(path: socket))
            var configuration = LearnerConfiguration()
            configuration.learningStarts = 32
            configuration.publishEvery = 10
            configuration.checkpointEverySeconds = 0
            learner = SidecarLearner(agent: agent, buffer: buffer, priorBuffer: nil, server: server, environment: environment,
                                     configuration: configuration, checkpoints: store, resume: resume)
            let done = self.done
            learner.shouldStop = { [unowned self] in done.withLock { stop } }
            let learner = self.learner
            Thread.detachNewThread { [done] in
                try? learner.run()
                done.withLock { self.finished = true; done.broadcast() }
            }
        }

        /// Stops the thread (with or without the final checkpoint) and closes the server.
        func halt(checkpoint: Bool) {
            learner.checkpointsAtEnd = checkpoint
            done.withLock { stop = true }
            done.withLock { while !finished { done.wait() } }
            learner.server.stop(reason: "test")
        }
    }

    func waitUntil(_ seconds: Double = 10, _ condition: () -> Bool) -> Bool {
        let deadline = Date(timeIntervalSinceNow: seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(2_000)
        }
        return condition()
    }

    func batch(_ index: Int) -> TransitionBatch {
        let count = 8
        return TransitionBatch(sequence: 0, observationSize: 3, actionSize: 1, weightsVersion: 0,
                               observations: (0..<(3 * count)).map { Float(index * 100 + $0) / 1000 },
                               actions: Array(repeating: 0.25, count: count), rewards: Array(repeating: -1, count: count),
                               nextObservations: Array(repeating: 0.1, count: 3 * count), flags: Array(repeating: 0, count: count))
    }

    func testEveryTransitionIsStoredOnceAcrossACrashAndRestart() throws {
        let socket = directory.appendingPathComponent("s.sock").path
        var first: Running? = try Running(directory: directory, socket: socket)
        let client = ActorClient(address: .unix(path: socket), spec: Self.spec, name: "once")
        client.start()
        defer { client.stop() }
        for i in 0..<10 { XCTAssertTrue(client.offer(batch(i))) }
        XCTAssertTrue(waitUntil { first!.learner.server.ledger.snapshot.values.first?.applied == 10 })
        first!.learner.requestCheckpoint()
        XCTAssertTrue(client.waitUntilDurable(timeoutSeconds: 10))
        for i in 10..<15 { client.offer(batch(i)) }
        XCTAssertTrue(waitUntil { first!.learner.server.ledger.snapshot.values.first?.applied == 15 })
        first!.halt(checkpoint: false)   // a crash: batches 11…15 were applied, never saved
        first = nil
        XCTAssertTrue(waitUntil { client.learnerStopReason == "test" }, "the server's BYE reason reaches the actor")
        for i in 15..<18 { client.offer(batch(i)) }   // produced while no learner runs

        let restartedAt = Date()
        let second = try Running(directory: directory, socket: socket)
        XCTAssertTrue(waitUntil { client.snapshot.connections == 2 })
        XCTAssertLessThan(Date().timeIntervalSince(restartedAt), 2, "reconnected within 2 s")
        XCTAssertNil(client.learnerStopReason, "a new WELCOME forgets the old BYE")
        XCTAssertTrue(waitUntil { second.learner.server.ledger.snapshot.values.first?.applied == 18 })
        second.learner.requestCheckpoint()
        XCTAssertTrue(client.waitUntilDurable(timeoutSeconds: 10))
        second.halt(checkpoint: true)

        let counters = client.snapshot
        XCTAssertEqual(counters.produced, 144)
        XCTAssertEqual(counters.durable, 144)
        XCTAssertEqual(counters.pending + counters.dropped, 0)
        XCTAssertEqual(counters.batchesResent, 5, "batches 11…15 again")
        let entry = try XCTUnwrap(second.learner.server.ledger.snapshot.values.first)
        XCTAssertEqual(entry.transitions, 144)
        XCTAssertEqual(entry.duplicates, 0)
        XCTAssertEqual(second.learner.buffer.count, 144, "stored exactly once")
        XCTAssertEqual(second.learner.steps, 144)
    }
}
