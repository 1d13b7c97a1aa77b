import Foundation
import SteadyCore
import Testing
@testable import Sim

@Suite struct VectorEnvironmentSeedingTests {
    func vector(_ name: String, count: Int, seed: UInt64) throws -> VectorEnvironment {
        try VectorEnvironment(name: name, count: count, randomization: .robotDefault, seed: seed, robotsDirectory: TaskFixtures.robots)
    }

    func rollout(_ vector: VectorEnvironment, steps: Int) throws -> [[[Float]]] {
        var observations = [try vector.reset(seed: nil)]
        for t in 0..<steps {
            let actions = (0..<vector.count).map { i in (0..<vector.actionSpace.dimension).map { Float(sin(0.1 * Double(t + i + $0))) } }
            observations.append(try vector.step(actions).observations)
        }
        return observations
    }

    @Test func oneSeedFixesEveryCopyAndCopiesDiffer() throws {
        let a = try rollout(vector("koch:reach", count: 3, seed: 21), steps: 120)
        let b = try rollout(vector("koch:reach", count: 3, seed: 21), steps: 120)
        #expect(a == b)
        #expect(a[0][0] != a[0][1] && a[0][1] != a[0][2])
        let c = try rollout(vector("koch:reach", count: 3, seed: 22), steps: 5)
        #expect(c[0] != a[0])
    }

    @Test func copyIBehavesLikeASingleEnvironmentWithItsDerivedSeed() throws {
        let seeds = VectorEnvironment.copySeeds(count: 2, seed: 5)
        #expect(seeds.count == 2 && seeds[0] != seeds[1] && seeds == VectorEnvironment.copySeeds(count: 2, seed: 5))
        let vector = try vector("so101:reach", count: 2, seed: 5)
        let single = try TaskFixtures.make("so101:reach", randomization: .robotDefault, seed: seeds[1])
        let start = try vector.reset(seed: nil)
        #expect(start[1] == (try single.reset(seed: nil)))
        // Auto-reset after truncation continues the copy's own stream.
        for t in 0..<150 {
            let action = (0..<single.actionSpace.dimension).map { Float(cos(Double(t + $0))) }
            let step = try vector.step([action, action])
            let reference = try single.step(action)
            #expect(step.rewards[1] == reference.reward)
            if reference.truncated {
                #expect(step.finalObservations[1] == reference.observation)
                #expect(step.observations[1] == (try single.reset(seed: nil)))
            } else {
                #expect(step.observations[1] == reference.observation)
            }
        }
    }

    @Test func theModelIsLoadedOnceAndShared() throws {
        let copies = try EnvironmentRegistry.makeCopies("leap_hand:pose", count: 3, seeds: [1, 2, 3], robotsDirectory: TaskFixtures.robots)
        let tasks = copies.compactMap { $0 as? HandPoseTask }
        #expect(tasks.count == 3)
        #expect(tasks[0].simulation.nominalModel === tasks[1].simulation.nominalModel)
        #expect(tasks[0].simulation.model !== tasks[1].simulation.model)
    }
}
