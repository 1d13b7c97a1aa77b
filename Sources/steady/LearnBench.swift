import ArgumentParser
import Foundation
import Learning
import Neural
import SteadyCore

/// `steady bench learn`: gradient updates per second of SAC and DDPG against the sgemm bound,
/// and single-observation inference latency.
struct LearnBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "learn",
        abstract: "Time SAC and DDPG updates at [256,256] and [64,64] (batch 256) and actor inference.",
        discussion: """
        For each algorithm and network, fills a replay buffer with random Pendulum-sized \
        transitions (3 observations, 1 action), then times updates for --seconds. The BLAS bound \
        is the update's matrix-product FLOPs divided by the sgemm FLOP/s measured now for a \
        256 × width × width product, with one and with two OpenBLAS threads (the machine's \
        bound); "of bound" is the achieved share. Updates use two threads: SAC's and TD3's twin \
        critics side by side, and the large products and loops of the serial parts (one actor, \
        DDPG's one critic) split in row halves. Inference is the deterministic actor on one observation, \
        allocation-free, timed call by call.
        """)

    @Option(name: .long, help: "Seconds to time each configuration.", transform: CommandRanges.benchmarkSeconds.parse)
    var seconds = 3.0

    @Option(name: .customLong("blas-threads"), help: "OpenBLAS thread counts to compare, comma-separated.")
    var blasThreads = "1"

    @Option(name: .customLong("predict-calls"), help: "Single-observation inference calls to time.",
            transform: CommandRanges.benchmarkCount.parse)
    var predictCalls = 100_000

    func run() throws {
        let threadCounts = blasThreads.split(separator: ",").compactMap { Int($0) }.filter { $0 > 0 }
        guard !threadCounts.isEmpty else { throw ValidationError("--blas-threads must list positive counts") }
        print("algo  net        blas thr  updates/s  ms/update  MFLOP/update  GFLOP/s  of 1-core bound  of 2-core bound")
        var bounds: [Int: (one: Double, two: Double)] = [:]
        for width in [256, 64] {
            BLAS.threadCount = 1
            let one = BLAS.measureGemmThroughput(m: 256, n: width, k: width, minimumSeconds: 0.5).bestFlopsPerSecond
            BLAS.threadCount = 2
            let two = BLAS.measureGemmThroughput(m: 256, n: width, k: width, minimumSeconds: 0.5).bestFlopsPerSecond
            bounds[width] = (one, two)
        }
        for threads in threadCounts {
            BLAS.threadCount = threads
            for hidden in [[256, 256], [64, 64]] {
                let bound = bounds[hidden[0]]!
                for algorithm in [TrainAlgorithm.sac, .ddpg] {
                    let agent = makeAgent(algorithm: algorithm, observationSize: 3, actionSize: 1, hiddenSizes: hidden,
                                          batchSize: 256, learningRate: 1e-3, tau: nil, gamma: nil,
                                          exploration: algorithm == .sac ? .sacDefault : .deterministicDefault,
                                          seed: 1)
                    let rate = measureUpdates(agent)
                    let flops = agent.floatingPointOperationsPerUpdate
                    let achieved = rate * flops
                    let row = [padRight(algorithm.rawValue, 5), padRight("[\(hidden[0]),\(hidden[1])]", 10),
                               padLeft(String(threads), 8), padLeft(fixed(rate, 0), 10),
                               padLeft(fixed(1000 / rate, 3), 10), padLeft(fixed(flops / 1e6, 1), 13),
                               padLeft(fixed(achieved / 1e9, 1), 8),
                               padLeft(fixed(achieved / bound.one, 2), 16), padLeft(fixed(achieved / bound.two, 2), 16)]
                    print(row.joined(separator: " "))
                }
            }
        }
        for width in [256, 64] {
            let bound = bounds[width]!
            print("sgemm 256×\(width)×\(width): \(fixed(bound.one / 1e9, 1)) GFLOP/s on 1 thread, \(fixed(bound.two / 1e9, 1)) on 2")
        }
        BLAS.threadCount = 1
        print("")
        print("inference (one observation, deterministic actor)   p50 µs   p99 µs   max µs")
        for hidden in [[256, 256], [64, 64]] {
            for algorithm in [TrainAlgorithm.sac, .ddpg] {
                let agent = makeAgent(algorithm: algorithm, observationSize: 3, actionSize: 1, hiddenSizes: hidden,
                                      batchSize: 256, learningRate: 1e-3, tau: nil, gamma: nil,
                                      exploration: algorithm == .sac ? .sacDefault : .deterministicDefault,
                                      seed: 1)
                let (p50, p99, maximum) = measureInference(agent)
                print("\(padRight(algorithm.rawValue, 5)) [\(hidden[0]),\(hidden[1])]" + String(repeating: " ", count: 35)
                      + "\(padLeft(fixed(p50, 2), 8)) \(padLeft(fixed(p99, 2), 8)) \(padLeft(fixed(maximum, 1), 8))")
            }
        }
    }

    /// Updates per second on random transitions.
    func measureUpdates(_ agent: any OffPolicyAgent) -> Double {
        var generator = SeededGenerator(seed: 7)
        let buffer = ReplayBuffer(capacity: 10_000, observationSize: 3, actionSize: 1)
        var observation: [Float] = [0, 0, 0], next: [Float] = [0, 0, 0], action: [Float] = [0]
        for _ in 0..<buffer.capacity {
            for j in 0..<3 {
                observation[j] = Float(generator.uniform(-1, 1))
                next[j] = Float(generator.uniform(-1, 1))
            }
            action[0] = Float(generator.uniform(-1, 1))
            buffer.add(observation: observation.withUnsafeBufferPointer { $0 }, action: action.withUnsafeBufferPointer { $0 },
                       reward: Float(generator.uniform(-10, 0)), nextObservation: next.withUnsafeBufferPointer { $0 },
                       terminated: false)
        }
        let batch = ReplayBatch(size: agent.batchSize, observationSize: 3, actionSize: 1)
        for _ in 0..<20 {
            buffer.sample(into: batch, generator: &generator)
            _ = agent.update(batch)
        }
        let start = Monotonic.nanoseconds()
        var count = 0
        var elapsed = 0.0
        while elapsed < seconds {
            for _ in 0..<10 {
                buffer.sample(into: batch, generator: &generator)
                _ = agent.update(batch)
            }
            count += 10
            elapsed = Double(Monotonic.nanoseconds() - start) / 1e9
        }
        return Double(count) / elapsed
    }

    /// p50, p99 and maximum of single-observation inference, in µs.
    func measureInference(_ agent: any OffPolicyAgent) -> (Double, Double, Double) {
        let observation = UnsafeMutableBufferPointer<Float>.allocate(capacity: 3)
        let action = UnsafeMutableBufferPointer<Float>.allocate(capacity: 1)
        defer { observation.deallocate(); action.deallocate() }
        var samples = [Double](repeating: 0, count: predictCalls)
        var generator = SeededGenerator(seed: 3)
        for call in 0..<(predictCalls + 1_000) {
            for j in 0..<3 { observation[j] = Float(generator.uniform(-1, 1)) }
            let start = Monotonic.nanoseconds()
            agent.act(observation: UnsafeBufferPointer(observation), into: action)
            let end = Monotonic.nanoseconds()
            if call >= 1_000 { samples[call - 1_000] = Double(end - start) / 1_000 }
        }
        samples.sort()
        return (samples[samples.count / 2], samples[min(samples.count - 1, Int(Double(samples.count) * 0.99))],
                samples[samples.count - 1])
    }
}
