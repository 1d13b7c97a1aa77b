import Foundation
import Learning
import Neural
import SteadyCore

/// A one-step bandit: observation [1, 0], reward −(a − 0.5)², every episode terminates after
/// one step. The optimal deterministic action is 0.5.
final class BanditEnvironment: Environment {
    let name = "bandit"
    let observationSpace = BoxSpace(lower: [-1, -1], upper: [1, 1])
    let actionSpace = BoxSpace(dimension: 1, lower: -1, upper: 1)
    let rawActionSpace = BoxSpace(dimension: 1, lower: -1, upper: 1)
    let controlPeriodSeconds = 0.1
    /// From this step on, rewards are NaN (to test the trainer's NaN handling).
    var nanRewardFromStep = Int.max
    private(set) var steps = 0

    func reset(seed: UInt64?) throws -> [Float] { [1, 0] }

    func step(_ action: [Float]) throws -> StepResult {
        steps += 1
        let d = Double(action[0]) - 0.5
        let reward = steps >= nanRewardFromStep ? Double.nan : -d * d
        return StepResult(observation: [1, 0], reward: reward, terminated: true, truncated: false)
    }
}

/// A fresh temporary directory.
func temporaryDirectory(_ name: String) -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("steady-learning-tests-\(getpid())-\(name)-\(UInt32.random(in: 0...UInt32.max))")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A batch of random transitions of the given sizes.
func randomBatch(size: Int, observationSize: Int, actionSize: Int, seed: UInt64, terminalEvery: Int = 3) -> ReplayBatch {
    var generator = SeededGenerator(seed: seed)
    let batch = ReplayBatch(size: size, observationSize: observationSize, actionSize: actionSize)
    for i in 0..<batch.observations.count { batch.observations.baseAddress[i] = Float(generator.uniform(-1, 1)) }
    for i in 0..<batch.nextObservations.count { batch.nextObservations.baseAddress[i] = Float(generator.uniform(-1, 1)) }
    for i in 0..<batch.actions.count { batch.actions.baseAddress[i] = Float(generator.uniform(-0.9, 0.9)) }
    for i in 0..<size {
        batch.rewards.baseAddress[i] = Float(generator.uniform(-2, 1))
        batch.terminations.baseAddress[i] = i % terminalEvery == 0 ? 1 : 0
    }
    return batch
}

/// Central finite differences of `loss` with respect to every scalar of `parameters`,
/// compared with the gradients already stored in them. Returns the worst mismatches.
func gradientMismatches(parameters: [Parameter], step h: Float = 2e-3, absolute: Float = 2e-3,
                        relative: Float = 2e-2, loss: () -> Float) -> [String] {
    let analytic = parameters.map(\.gradient.values)
    var bad: [String] = []
    var checked = 0
    for (p, parameter) in parameters.enumerated() {
        let values = parameter.value.baseAddress
        for i in 0..<parameter.count {
            let saved = values[i]
            values[i] = saved + h
            let plus = loss()
            values[i] = saved - h
            let minus = loss()
            values[i] = saved
            let numerical = (plus - minus) / (2 * h)
            let expected = analytic[p][i]
            checked += 1
            if abs(numerical - expected) > absolute + relative * abs(expected) {
                bad.append("\(parameter.name)[\(i)]: backprop \(expected), finite difference \(numerical)")
            }
        }
    }
    precondition(checked > 0)
    let largest = analytic.joined().map(abs).max() ?? 0
    if largest < 1e-3 { bad.append("every gradient is below 1e-3 (largest \(largest)): the check would be vacuous") }
    return bad
}
