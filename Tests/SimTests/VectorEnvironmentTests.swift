import Foundation
import SteadyCore
import Testing
@testable import Sim

/// An environment whose episodes terminate after a fixed number of steps; observation = [step].
private final class CountdownEnvironment: Environment {
    let name = "countdown"
    let observationSpace = BoxSpace(dimension: 1, lower: 0, upper: 100)
    let actionSpace = BoxSpace(dimension: 1, lower: -1, upper: 1)
    let rawActionSpace = BoxSpace(dimension: 1, lower: -1, upper: 1)
    let controlPeriodSeconds = 0.1
    let length: Int
    private(set) var resets = 0
    private var steps = 0

    init(length: Int) { self.length = length }

    func reset(seed: UInt64?) throws -> [Float] {
        resets += 1
        steps = 0
        return [0]
    }

    func step(_ action: [Float]) throws -> StepResult {
        steps += 1
        return StepResult(observation: [Float(steps)], reward: 1, terminated: steps == length, truncated: false,
                          info: ["step": Double(steps)])
    }
}

@Suite struct VectorEnvironmentTests {
    @Test func autoResetsTerminatedCopiesAndKeepsTheFinalObservation() throws {
        let copies = [CountdownEnvironment(length: 2), CountdownEnvironment(length: 3)]
        let vector = VectorEnvironment(copies)
        #expect(try vector.reset() == [[0], [0]])
        let action: [[Float]] = [[0], [0]]

        let first = try vector.step(action)
        #expect(first.observations == [[1], [1]] && first.terminated == [false, false])
        #expect(first.finalObservations.allSatisfy { $0 == nil })

        let second = try vector.step(action)
        #expect(second.terminated == [true, false])
        #expect(second.finalObservations[0] == [2] && second.finalObservations[1] == nil)
        #expect(second.observations == [[0], [2]])          // copy 0 already restarted
        #expect(second.infos[0]["step"] == 2)

        let third = try vector.step(action)
        #expect(third.terminated == [false, true])
        #expect(third.observations == [[1], [0]] && third.finalObservations[1] == [3])
        #expect(copies[0].resets == 2 && copies[1].resets == 2)
    }

    @Test func truncatedPendulumsResetLikeIndependentlySeededOnes() throws {
        let vector = VectorEnvironment(count: 3) { _ in Pendulum() }
        let twins = (0..<3).map { _ in Pendulum() }
        let start = try vector.reset(seed: 100)
        for i in 0..<3 { #expect(start[i] == (try twins[i].reset(seed: 100 + UInt64(i)))) }
        #expect(start[0] != start[1])

        for t in 0..<200 {
            let actions: [[Float]] = (0..<3).map { i in [Float(sin(0.1 * Double(t + i)))] }
            let result = try vector.step(actions)
            let twinResults = try (0..<3).map { try twins[$0].step(actions[$0]) }
            #expect(result.rewards == twinResults.map(\.reward))
            if t < 199 {
                #expect(result.truncated == [false, false, false])
                #expect(result.observations == twinResults.map(\.observation))
            } else {
                #expect(result.truncated == [true, true, true])
                #expect(result.finalObservations.map { $0! } == twinResults.map(\.observation))
                let next = try twins.map { try $0.reset(seed: nil) }
                #expect(result.observations == next)
            }
        }
    }
}
