import XCTest
@testable import Sidecar

/// The learner's connections against hostile and broken peers (each gets a clear answer and a
/// close, and the server keeps serving the next actor), and with several actors at once.
final class LearnerServerTests: XCTestCase {
    static let spec = SidecarSpec(environment: "pendulum", observationSize: 3, actionSize: 1, algorithm: "sac",
                                  actor: "squashed_gaussian:16,16:relu")
    var directory: URL!
    var server: LearnerServer!
    var path: String { directory.appendingPathComponent("s.sock").path }

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("sidecar-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var settings = LearnerSettings()
        settings.maxBatch = 8
        settings.window = 2
        server = LearnerServer(spec: Self.spec, settings: settings, ledger: DeliveryLedger(), inbox: LearnerInbox())
        try server.listen(on: .unix(path: path))
    }

    override func tearDown() {
        server.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    func hello(_ spec: SidecarSpec = spec, id: UInt8 = 1) -> SidecarMessage {
        .hello(.init(specHash: spec.hash, spec: spec.text, actorID: Array(repeating: id, count: 16), actorName: "t", weightsVersion: 0))
    }

    func batch(_ sequence: UInt64, count: Int = 2) -> SidecarMessage {
        .transitions(TransitionBatch(sequence: sequence, observationSize: 3, actionSize: 1, weightsVersion: 0,
                                     observations: Array(repeating: 0.5, count: 3 * count), actions: Array(repeating: 0, count: count),
                                     rewards: Array(repeating: -1, count: count),
                                     nextObservations: Array(repeating: 0.5, count: 3 * count), flags: Array(repeating: 0, count: count)))
    }

    /// A good actor still gets in: the server survived whatever came before.
    func assertServesAGoodActor(file: StaticString = #filePath, line: UInt = #line) throws {
        let peer = try RawPeer(path: path)
        peer.write(hello(id: 9))
        guard case .welcome? = peer.readSkippingHeartbeats() else { return XCTFail("no WELCOME", file: file, line: line) }
    }

    func testSocketIsOwnerOnly() throws {
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        XCTAssertEqual(mode.map { $0 & 0o777 }, 0o600)
    }

    func testWelcomeThenBatchesAreHandedToTheLearner() throws {
        let peer = try RawPeer(path: path)
        peer.write(hello())
        guard case let .welcome(welcome)? = peer.readSkippingHeartbeats() else { return XCTFail("no WELCOME") }
        XCTAssertEqual(welcome.appliedSequence, 0)
        XCTAssertEqual(welcome.window, 2)
        peer.write(batch(1))
        guard case let .batch(actor, received)? = server.inbox.take(timeoutSeconds: 5) else { return XCTFail("no batch") }
        XCTAssertEqual(actor, DeliveryLedger.key(Array(repeating: 1, count: 16)))
        XCTAssertEqual(received.count, 2)
    }

    func testWrongSpecIsRejectedNamingTheField() throws {
        let peer = try RawPeer(path: path)
        let wrong = SidecarSpec(environment: "pendulum", observationSize: 4, actionSize: 1, algorithm: "sac",
                                actor: "squashed_gaussian:16,16:relu")
        peer.write(hello(wrong))
        guard case let .reject(reject)? = peer.readSkippingHeartbeats() else { return XCTFail("no REJECT") }
        XCTAssertEqual(reject.field, "observation_size")
        XCTAssertEqual(reject.expected, "3")
        XCTAssertEqual(reject.received, "4")
        XCTAssertTrue(peer.isClosedByPeer())
        try assertServesAGoodActor()
    }

    func testWrongHashIsRejectedAsSpecHash() throws {
        let peer = try RawPeer(path: path)
        var hash = Self.spec.hash
        hash[31] ^= 0xFF
        peer.write(.hello(.init(specHash: hash, spec: Self.spec.text, actorID: Array(repeating: 1, count: 16), actorName: "t", weightsVersion: 0)))
        guard case let .reject(reject)? = peer.readSkippingHeartbeats() else { return XCTFail("no REJECT") }
        XCTAssertEqual(reject.field, "spec_hash")
    }

    func testGarbageIsAnsweredWithAnErrorNamingTheField() throws {
        let peer = try RawPeer(path: path)
        peer.write(Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        guard case let .error(text)? = peer.readSkippingHeartbeats() else { return XCTFail("no ERROR") }
        XCTAssertTrue(text.contains("'length'"), text)
        XCTAssertTrue(peer.isClosedByPeer())
        try assertServesAGoodActor()
    }

    func testOversizedLengthIsRefusedBeforeBuffering() throws {
        let peer = try RawPeer(path: path)
        peer.write([0xFF, 0xFF, 0xFF, 0x03, 1, 1, 0, 0])   // 64 MiB − 1: within the protocol, beyond this learner's frames
        guard case let .error(text)? = peer.readSkippingHeartbeats() else { return XCTFail("no ERROR") }
        XCTAssertTrue(text.contains("'length'"), text)
    }

    func testPeerClosingMidFrameLeavesTheServerServing() throws {
        do {
            let peer = try RawPeer(path: path)
            peer.write(Array(FrameCodec.encode(hello()).prefix(30)))
        }
        try assertServesAGoodActor()
    }

    func testTransitionsBeforeHelloAndBatchChecksAreErrors() throws {
        let early = try RawPeer(path: path)
        early.write(batch(1))
        guard case let .error(text)? = early.readSkippingHeartbeats() else { return XCTFail("no ERROR") }
        XCTAssertTrue(text.contains("HELLO"), text)

        let big = try RawPeer(path: path)
        big.write(hello(id: 2))
        _ = big.readSkippingHeartbeats()
        big.write(batch(1, count: 9))
        guard case let .error(tooMany)? = big.readSkippingHeartbeats() else { return XCTFail("no ERROR") }
        XCTAssertTrue(tooMany.contains("'count'"), tooMany)

        let ahead = try RawPeer(path: path)
        ahead.write(hello(id: 3))
        _ = ahead.readSkippingHeartbeats()
        ahead.write(batch(3))   // window 2 past applied 0
        guard case let .error(window)? = ahead.readSkippingHeartbeats() else { return XCTFail("no ERROR") }
        XCTAssertTrue(window.contains("'seq'"), window)

        let nan = try RawPeer(path: path)
        nan.write(hello(id: 4))
        _ = nan.readSkippingHeartbeats()
        var bad = TransitionBatch(sequence: 1, observationSize: 3, actionSize: 1)
        bad.observations = [0, .nan, 0]; bad.actions = [0]; bad.rewards = [0]; bad.nextObservations = [0, 0, 0]; bad.flags = [0]
        nan.write(.transitions(bad))
        guard case let .error(nonFinite)? = nan.readSkippingHeartbeats() else { return XCTFail("no ERROR") }
        XCTAssertTrue(nonFinite.contains("'observations'"), nonFinite)
    }

    func testSilentActorIsDroppedAfterTheTimeoutWithoutDisturbingOthers() throws {
        let silent = try RawPeer(path: path)
        silent.write(hello(id: 5))
        _ = silent.readSkippingHeartbeats()
        let start = Date()
        guard case let .error(text)? = silent.readSkippingHeartbeats() else { return XCTFail("no ERROR") }
        XCTAssertTrue(text.contains("no frame for 1000 ms"), text)
        XCTAssertLessThan(Date().timeIntervalSince(start), 3)
        XCTAssertEqual(server.failureCounts.timedOut, 1)
        try assertServesAGoodActor()
    }

    func testLateJoinerGetsTheNewestWeightsAtOnceAndEachActorKeepsItsOwnSequence() throws {
        let early = try RawPeer(path: path)
        early.write(hello(id: 1))
        guard case let .welcome(first)? = early.readSkippingHeartbeats() else { return XCTFail("no WELCOME") }
        XCTAssertEqual(first.weightsVersion, 0)
        server.publish(version: 2, weights: [2, 2], exploration: nil)
        server.publish(version: 3, weights: [3, 3, 3], exploration: nil)
        var newest: UInt64 = 0
        while newest < 3, case let .weights(version, blob)? = early.readSkippingHeartbeats() {
            XCTAssertEqual(blob, Array(repeating: UInt8(version), count: Int(version)))
            newest = version
        }
        XCTAssertEqual(newest, 3)

        let late = try RawPeer(path: path)
        late.write(hello(id: 2))
        guard case let .welcome(welcome)? = late.readSkippingHeartbeats() else { return XCTFail("no WELCOME for the late joiner") }
        XCTAssertEqual(welcome.weightsVersion, 3)
        guard case let .weights(version, blob)? = late.readSkippingHeartbeats() else { return XCTFail("no WEIGHTS right after WELCOME") }
        XCTAssertEqual(version, 3)
        XCTAssertEqual(blob, [3, 3, 3])

        // Both start their own sequence at 1: the ledger keys them apart.
        early.write(batch(1, count: 2))
        late.write(batch(1, count: 3))
        var counts: [String: Int] = [:]
        for _ in 0..<2 {
            guard case let .batch(actor, received)? = server.inbox.take(timeoutSeconds: 5) else { return XCTFail("a batch is missing") }
            XCTAssertEqual(received.sequence, 1)
            XCTAssertEqual(server.ledger.verdict(actor, sequence: received.sequence), .apply)
            server.ledger.applied(actor, sequence: received.sequence, count: received.count)
            counts[actor] = received.count
        }
        XCTAssertEqual(counts, [DeliveryLedger.key(Array(repeating: 1, count: 16)): 2, DeliveryLedger.key(Array(repeating: 2, count: 16)): 3])
        XCTAssertEqual(server.ledger.snapshot.mapValues(\.transitions), counts)
    }
}
