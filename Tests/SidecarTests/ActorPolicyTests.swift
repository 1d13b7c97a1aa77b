import Learning
import Neural
import SteadyCore
import XCTest
@testable import Sidecar

/// The learning policy a runtime hosts: weights checked off the tick and swapped between calls,
/// bad weights refused with the old kept, and exploration that draws what the trainer draws.
final class ActorPolicyTests: XCTestCase {
    let observation: [Float] = [0.1, -0.2, 0.3]

    func sac(_ exploration: ExplorationSettings, seed: UInt64) -> SAC {
        SAC(observationSize: 3, actionSize: 2,
            configuration: SACConfiguration().with(hiddenSizes: [8, 8], batchSize: 4, learningRate: nil, tau: nil, gamma: nil),
            exploration: exploration, seed: seed)
    }

    func td3(_ exploration: ExplorationSettings, seed: UInt64) -> TD3 {
        TD3(observationSize: 3, actionSize: 2,
            configuration: TD3Configuration().with(hiddenSizes: [8, 8], batchSize: 4, learningRate: nil, tau: nil, gamma: nil),
            exploration: exploration, seed: seed)
    }

    func blob(_ agent: any OffPolicyAgent) -> [UInt8] {
        Array(SafetensorsFile(tensors: agent.checkpointTensors().filter { $0.name.hasPrefix("actor.") }).serialized())
    }

    func act(_ policy: Policy) -> [Float] {
        var action: [Float] = [0, 0]
        observation.withUnsafeBufferPointer { o in action.withUnsafeMutableBufferPointer { policy.act(observation: o, action: $0) } }
        return action
    }

    func testWeightsSwapAtTheNextCallAndBadOnesAreRefusedKeepingTheOld() throws {
        let spec = ActorSpec(algorithm: "sac", hiddenSizes: [8, 8], exploration: .policy)
        let policy = try ActorPolicy(network: ActorNetwork(spec: spec, observationSize: 3, actionSize: 2, seed: 1),
                                     exploration: nil, seed: 0)
        let before = act(policy)
        XCTAssertEqual(policy.weightsVersion, 0)
        guard case .success = policy.stage(version: 3, blob: blob(sac(.sacDefault, seed: 9))) else { return XCTFail("refused good weights") }
        XCTAssertEqual(policy.weightsVersion, 0, "staged, not yet adopted")
        let adopted = act(policy)
        XCTAssertEqual(policy.weightsVersion, 3)
        XCTAssertNotEqual(adopted, before)
        XCTAssertEqual(Array(policy.lastAction), adopted)
        XCTAssertEqual(Array(policy.lastObservation), observation)

        // NaN, a wrong shape, a missing tensor, garbage, an old version: each refused, v3 kept.
        var file = try WeightsBlob.readWeights(blob(sac(.sacDefault, seed: 10))).file
        let index = try XCTUnwrap(file.tensors.firstIndex { $0.name == "actor.0.weight" })
        let good = file.tensors[index]
        file.tensors[index].values[2] = .nan
        let nan = Array(file.serialized())
        file.tensors[index] = .init(name: good.name, shape: [8, 4], values: Array(repeating: 0.5, count: 32))
        let misshapen = Array(file.serialized())
        file.tensors.remove(at: index)
        let missing = Array(file.serialized())
        for (version, bad) in [(4, nan), (5, misshapen), (6, missing), (7, [1, 2, 3]), (2, blob(sac(.sacDefault, seed: 11)))] {
            if case .success = policy.stage(version: UInt64(version), blob: bad) { XCTFail("v\(version) accepted") }
            XCTAssertEqual(act(policy), adopted, "v\(version): the old weights act")
            XCTAssertEqual(policy.weightsVersion, 3)
        }
        XCTAssertEqual(policy.refusedWeights, 5)
    }

    func testOnlyTheNewestStagedVersionIsAdopted() throws {
        let spec = ActorSpec(algorithm: "sac", hiddenSizes: [8, 8], exploration: .policy)
        let policy = try ActorPolicy(network: ActorNetwork(spec: spec, observationSize: 3, actionSize: 2, seed: 1),
                                     exploration: nil, seed: 0)
        let newest = sac(.sacDefault, seed: 21)
        _ = policy.stage(version: 1, blob: blob(sac(.sacDefault, seed: 20)))
        _ = policy.stage(version: 2, blob: blob(newest))
        let action = act(policy)
        XCTAssertEqual(policy.weightsVersion, 2)
        let reference = try ActorPolicy(network: ActorNetwork(spec: spec, observationSize: 3, actionSize: 2, seed: 1),
                                        exploration: nil, seed: 0)
        _ = reference.stage(version: 1, blob: blob(newest))
        XCTAssertEqual(act(reference), action)
    }

    /// For each kind, the trainer's exploration (the agent's own) and the runtime's (around an
    /// actor network holding the agent's weights) draw the same actions from the same seed,
    /// with the noise resampled every `noiseInterval` calls and at an episode start.
    func testExplorationAtTheActorDrawsTheTrainersNoiseForTheSameSeed() throws {
        let cases: [(String, ExplorationSettings)] = [
            ("sac", .sacDefault), ("sac", ExplorationSettings(kind: .gsde, noiseInterval: 3)),
            ("sac", ExplorationSettings(kind: .param, noiseInterval: 4)), ("sac", ExplorationSettings(kind: .ou, sigma: 0.2)),
            ("td3", ExplorationSettings(kind: .gaussian, noiseInterval: 2, sigma: 0.2)),
            ("td3", ExplorationSettings(kind: .param, noiseInterval: 5)), ("td3", ExplorationSettings(kind: .gsde, noiseInterval: 2)),
        ]
        for (algorithm, settings) in cases {
            let agent: any OffPolicyAgent = algorithm == "sac" ? sac(settings, seed: 4) : td3(settings, seed: 4)
            let spec = ActorSpec(algorithm: algorithm, hiddenSizes: [8, 8], exploration: settings.kind)
            let policy = try ActorPolicy(network: ActorNetwork(spec: spec, observationSize: 3, actionSize: 2, seed: 99),
                                         exploration: settings, seed: 42)
            _ = policy.stage(version: 1, blob: blob(agent))
            let trainer = agent.makeExploration(environments: 1)
            var generator = SeededGenerator(seed: 42)
            var drawn: [[Float]] = [], expected: [[Float]] = []
            for call in 0..<12 {
                if call == 7 {
                    policy.reset()
                    trainer.episodeStarted(environment: 0)
                }
                drawn.append(act(policy))
                var action: [Float] = [0, 0]
                observation.withUnsafeBufferPointer { o in
                    action.withUnsafeMutableBufferPointer { trainer.explore(observation: o, into: $0, environment: 0, generator: &generator) }
                }
                expected.append(action)
            }
            XCTAssertEqual(drawn, expected, "\(algorithm) \(settings.kind.rawValue)")
            XCTAssertGreaterThan(Set(drawn.map { $0[0] }).count, 1, "\(algorithm) \(settings.kind.rawValue): the noise varies")
        }
    }

    func testMailboxTakeNeverFreesOnTheActingSide() {
        final class Probe { let onDeinit: () -> Void; init(_ f: @escaping () -> Void) { onDeinit = f }; deinit { onDeinit() } }
        let mailbox = WeightsMailbox<Probe>()
        var freedOn: [Bool] = []   // true: freed on this (the putting) thread's calls
        mailbox.put(version: 1, Probe { freedOn.append(true) })
        XCTAssertNotNil(mailbox.take())
        XCTAssertTrue(freedOn.isEmpty, "taking parks the envelope; nothing is freed")
        XCTAssertNil(mailbox.take())
        mailbox.collect()
        XCTAssertEqual(freedOn.count, 1, "collect releases what was taken")
        mailbox.put(version: 2, Probe { freedOn.append(true) })
        mailbox.put(version: 3, Probe { freedOn.append(true) })
        XCTAssertEqual(freedOn.count, 2, "a replaced offer is released by put")
        XCTAssertEqual(mailbox.take()?.version, 3)
        XCTAssertEqual(mailbox.version, 3)
    }

    func testValueRingDropsWhenFullAndKeepsOrder() {
        let ring = ValueRing(capacity: 3, filler: ActorEpisode())
        for i in 1...4 {
            var episode = ActorEpisode()
            episode.episode = UInt64(i)
            _ = ring.push(episode)
        }
        XCTAssertEqual(ring.dropped, 1)
        XCTAssertEqual([ring.pop()?.episode, ring.pop()?.episode, ring.pop()?.episode, ring.pop()?.episode], [1, 2, 3, nil])
    }
}
