import Learning
import Neural
import SteadyCore
import Testing

/// The two-thread update is bitwise the serial one: each thread only touches its own network.
@Suite struct ParallelUpdateTests {
    func updates(_ agent: any OffPolicyAgent, count: Int = 6, batch: Int = 32) -> [SafetensorsFile.Tensor] {
        for index in 0..<count {
            _ = agent.update(randomBatch(size: batch, observationSize: 3, actionSize: 2, seed: UInt64(index)))
        }
        return agent.checkpointTensors()
    }

    /// Agents of `width`-wide networks and batch `batch`: SAC, SAC with gSDE, TD3, DDPG with
    /// parameter noise, each made on the worker it is given.
    func makers(width: Int, batch: Int) -> [(ParallelWorker) -> any OffPolicyAgent] {
        var sac = SACConfiguration(), td3 = TD3Configuration(), ddpg = TD3Configuration.ddpg
        sac.hiddenSizes = [width, width]
        td3.hiddenSizes = [width, width]
        ddpg.hiddenSizes = [width, width]
        sac.batchSize = batch
        td3.batchSize = batch
        ddpg.batchSize = batch
        return [
            { SAC(observationSize: 3, actionSize: 2, configuration: sac, seed: 4, worker: $0) },
            { SAC(observationSize: 3, actionSize: 2, configuration: sac, exploration: .init(kind: .gsde), seed: 4, worker: $0) },
            { TD3(observationSize: 3, actionSize: 2, configuration: td3, seed: 4, worker: $0) },
            { TD3(observationSize: 3, actionSize: 2, configuration: ddpg, exploration: .init(kind: .param), seed: 4, worker: $0) },
        ]
    }

    /// Where two checkpoints first differ, in one line (the tensors themselves run to megabytes).
    func firstDifference(_ a: [SafetensorsFile.Tensor], _ b: [SafetensorsFile.Tensor]) -> String {
        guard a.count == b.count else { return "\(a.count) tensors against \(b.count)" }
        var differing: [String] = []
        var first: String?
        for (x, y) in zip(a, b) where x != y {
            differing.append(x.name)
            guard first == nil else { continue }
            if x.name != y.name || x.shape != y.shape {
                first = "\(x.name) \(x.shape) against \(y.name) \(y.shape)"
            } else if let i = x.values.indices.first(where: { x.values[$0] != y.values[$0] }) {
                let count = zip(x.values, y.values).filter { $0 != $1 }.count
                first = "\(x.name)[\(i)]: \(x.values[i]) against \(y.values[i]) (\(count) of \(x.values.count) values differ)"
            }
        }
        return "\(differing.count) tensors differ (\(differing.prefix(4).joined(separator: ", "))…); first: \(first ?? "?")"
    }

    @Test func sacAndTD3MatchTheSerialUpdateBitForBit() {
        for make in makers(width: 32, batch: 32) {
            let parallel = updates(make(ParallelWorker(concurrent: true)))
            let serial = updates(make(ParallelWorker(concurrent: false)))
            let identical = parallel == serial
            #expect(identical, "\(identical ? "" : firstDifference(parallel, serial))")
            #expect(parallel.allSatisfy { $0.values.allSatisfy(\.isFinite) })
        }
    }

    /// Networks large enough that the serial parts' products and loops are split over two threads.
    @Test func splitProductsAndLoopsMatchTheSerialUpdateBitForBit() {
        for make in makers(width: 128, batch: 128) {
            let parallel = updates(make(ParallelWorker(concurrent: true)), count: 3, batch: 128)
            let serial = updates(make(ParallelWorker(concurrent: false)), count: 3, batch: 128)
            let identical = parallel == serial
            #expect(identical, "\(identical ? "" : firstDifference(parallel, serial))")
        }
    }
}
