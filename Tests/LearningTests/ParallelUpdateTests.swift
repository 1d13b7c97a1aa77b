import Learning
import Neural
import SteadyCore
import Testing

/// The two-thread update is bitwise the serial one: each thread only touches its own network.
@Suite struct ParallelUpdateTests {
    func updates(_ agent: any OffPolicyAgent, count: Int = 6) -> [SafetensorsFile.Tensor] {
        for index in 0..<count {
            _ = agent.update(randomBatch(size: 32, observationSize: 3, actionSize: 2, seed: UInt64(index)))
        }
        return agent.checkpointTensors()
    }

    @Test func sacAndTD3MatchTheSerialUpdateBitForBit() {
        var sac = SACConfiguration()
        sac.hiddenSizes = [32, 32]
        sac.batchSize = 32
        var td3 = TD3Configuration()
        td3.hiddenSizes = [32, 32]
        td3.batchSize = 32
        var ddpg = TD3Configuration.ddpg
        ddpg.hiddenSizes = [32, 32]
        ddpg.batchSize = 32
        let makers: [(ParallelWorker) -> any OffPolicyAgent] = [
            { SAC(observationSize: 3, actionSize: 2, configuration: sac, seed: 4, worker: $0) },
            { SAC(observationSize: 3, actionSize: 2, configuration: sac, exploration: .init(kind: .gsde), seed: 4, worker: $0) },
            { TD3(observationSize: 3, actionSize: 2, configuration: td3, seed: 4, worker: $0) },
            { TD3(observationSize: 3, actionSize: 2, configuration: ddpg, exploration: .init(kind: .param), seed: 4, worker: $0) },
        ]
        for make in makers {
            let parallel = updates(make(ParallelWorker(concurrent: true)))
            let serial = updates(make(ParallelWorker(concurrent: false)))
            #expect(parallel == serial)
            #expect(parallel.allSatisfy { $0.values.allSatisfy(\.isFinite) })
        }
    }
}
