import SteadyCore

/// What the training loop keeps per environment between steps: the current observation, the
/// action buffer, and the episode so far (its return and the actions sent, for the continuity
/// cost). Buffers are allocated once.
final class Rollout {
    /// Each environment's current observation.
    let observations: [UnsafeMutableBufferPointer<Float>]
    /// Each environment's action buffer, normalized to [−1, 1].
    let actions: [UnsafeMutableBufferPointer<Float>]
    /// The same actions as the arrays `Environment.step` takes.
    var actionArrays: [[Float]]
    /// The actions of each environment's current episode.
    var histories: [ActionHistory]
    /// The return of each environment's current episode so far.
    var returns: [Double]
    /// The steps of each environment's current episode so far.
    var lengths: [Int]

    /// Buffers for `count` environments.
    init(count: Int, observationSize: Int, actionSize: Int) {
        observations = (0..<count).map { _ in UnsafeMutableBufferPointer<Float>.allocate(capacity: observationSize) }
        actions = (0..<count).map { _ in UnsafeMutableBufferPointer<Float>.allocate(capacity: actionSize) }
        actionArrays = [[Float]](repeating: [Float](repeating: 0, count: actionSize), count: count)
        histories = (0..<count).map { _ in ActionHistory(dimension: actionSize) }
        returns = [Double](repeating: 0, count: count)
        lengths = [Int](repeating: 0, count: count)
    }

    deinit { for buffer in observations + actions { buffer.deallocate() } }

    /// Records `environment`'s action and returns it as the array to step with.
    func record(environment: Int) -> [Float] {
        let action = actions[environment]
        histories[environment].append(action)
        lengths[environment] += 1
        for j in 0..<action.count { actionArrays[environment][j] = action[j] }
        return actionArrays[environment]
    }

    /// Ends `environment`'s episode: its return, length and continuity cost, then a fresh history.
    func finishEpisode(environment: Int) -> (return: Double, length: Int, continuityCost: Double) {
        let result = (returns[environment], lengths[environment], histories[environment].continuityCost())
        returns[environment] = 0
        lengths[environment] = 0
        histories[environment].removeAll()
        return result
    }
}
