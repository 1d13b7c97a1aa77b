import Learning
import Neural
import SteadyCore
import XCTest
@testable import Sidecar

/// Weights an actor takes and refuses, and the latest-wins mailbox they travel through.
final class ActorWeightsTests: XCTestCase {
    let spec = ActorSpec(algorithm: "sac", hiddenSizes: [8, 8], exploration: .policy)

    func agentBlob(seed: UInt64) throws -> [UInt8] {
        let agent = SAC(observationSize: 3, actionSize: 1,
                        configuration: SACConfiguration().with(hiddenSizes: [8, 8], batchSize: 4, learningRate: nil, tau: nil, gamma: nil),
                        exploration: .sacDefault, seed: seed)
        let tensors = agent.checkpointTensors().filter { $0.name.hasPrefix("actor.") }
        return Array(SafetensorsFile(tensors: tensors).serialized())
    }

    func action(_ network: ActorNetwork) -> Float {
        var out: [Float] = [0]
        [0.1, 0.2, 0.3].withUnsafeBufferPointer { o in out.withUnsafeMutableBufferPointer { network.act(observation: o, into: $0) } }
        return out[0]
    }

    func testActorSpecTextRoundTrips() {
        XCTAssertEqual(spec.description, "squashed_gaussian:8,8:relu")
        XCTAssertEqual(ActorSpec("deterministic:64,64:relu:layer_norm"),
                       ActorSpec(algorithm: "td3", hiddenSizes: [64, 64], exploration: .param))
        XCTAssertNil(ActorSpec("deterministic:64,64:relu:gsde"))
        XCTAssertNil(ActorSpec("squashed_gaussian:0:relu"))
        XCTAssertFalse(ActorSpec("squashed_gaussian:8:relu:gsde")!.supports(.policy))
    }

    func testGoodWeightsAreAdoptedAndBadOnesRefusedKeepingTheOld() throws {
        let network = ActorNetwork(spec: spec, observationSize: 3, actionSize: 1, seed: 5)
        let before = action(network)
        let staged = try network.staged(from: WeightsBlob.readWeights(try agentBlob(seed: 7)).file)
        XCTAssertEqual(action(network), before, "staging leaves the acting network alone")
        network.adopt(staged)
        let adopted = action(network)
        XCTAssertNotEqual(adopted, before)

        var file = try WeightsBlob.readWeights(try agentBlob(seed: 8)).file
        let index = try XCTUnwrap(file.tensors.firstIndex { $0.name == "actor.0.weight" })
        file.tensors[index].values[3] = .nan
        XCTAssertThrowsError(try network.staged(from: file)) {
            XCTAssertEqual($0 as? ActorWeightsError, .nonFinite(tensor: "actor.0.weight", index: 3))
        }
        file.tensors[index] = .init(name: "actor.0.weight", shape: [8, 4], values: Array(repeating: 0, count: 32))
        XCTAssertThrowsError(try network.staged(from: file))
        file.tensors.remove(at: index)
        XCTAssertThrowsError(try network.staged(from: file))
        XCTAssertEqual(action(network), adopted, "refused weights change nothing")
    }

    func testMailboxKeepsOnlyTheNewestVersion() {
        let mailbox = WeightsMailbox<String>()
        XCTAssertTrue(mailbox.put(version: 2, "two"))
        XCTAssertTrue(mailbox.put(version: 3, "three"))
        XCTAssertFalse(mailbox.put(version: 1, "one"))
        XCTAssertEqual(mailbox.take()?.payload, "three")
        XCTAssertNil(mailbox.take())
        XCTAssertFalse(mailbox.put(version: 3, "again"))
    }

    func testExplorationStateTravels() throws {
        let state = ExplorationState(parameterNoiseSigma: 0.25, stateDependentSigma: [0.1, 0.2])
        let blob = WeightsBlob.exploration(state, settings: ExplorationSettings(kind: .param))
        XCTAssertEqual(try WeightsBlob.readExploration(blob), state)
    }
}
