import SteadyCore

/// The episode bookkeeping every robot task shares: the generator of targets and start poses,
/// the previous action, the step count, seeding, and starting near home.
///
/// A task owns one and calls it in a fixed order (seed, draw its target, `randomStart`,
/// `begin`; then `record` after each `advance`), so a seed gives the same episodes as ever.
struct TaskEpisode {
    /// Draws targets and start poses; forked from the task's seed.
    var generator = SeededGenerator(seed: 0)
    /// The last action, clipped to [−1, 1]; at the start of an episode the start pose, normalized.
    private(set) var previousAction: [Float]
    /// Control steps taken in this episode.
    private(set) var elapsedSteps = 0
    /// Half-width of the uniform start-pose noise around 0, rad.
    let initialNoise: Double

    init(jointCount: Int, initialNoise: Double) {
        previousAction = Array(repeating: 0, count: jointCount)
        self.initialNoise = initialNoise
    }

    /// Splits `seed` into this generator and the simulation's parameter and noise generators.
    mutating func seed(_ seed: UInt64, simulation: TaskSimulation) {
        var master = SeededGenerator(seed: seed)
        generator = master.fork()
        simulation.reseed(parameters: master.fork(), noise: master.fork())
    }

    /// Every joint at 0 rad, clamped into its limits.
    static func home(of simulation: TaskSimulation) -> [Double] {
        (0..<simulation.jointCount).map { min(max(0, simulation.lowerLimits[$0]), simulation.upperLimits[$0]) }
    }

    /// A start pose: each joint uniform within ±`initialNoise` of 0, inside its limits.
    mutating func randomStart(of simulation: TaskSimulation) -> [Double] {
        (0..<simulation.jointCount).map { i in
            min(max(generator.uniform(-initialNoise, initialNoise), simulation.lowerLimits[i]), simulation.upperLimits[i])
        }
    }

    /// Puts the robot at rest at `positions` (drawing new parameters when `randomize`); the
    /// previous action becomes that pose and the step count 0.
    mutating func begin(at positions: [Double], randomize: Bool, simulation: TaskSimulation) {
        simulation.beginEpisode(initialPositions: positions, randomize: randomize)
        for i in positions.indices { previousAction[i] = Float(simulation.normalizedAction(radians: positions[i], joint: i)) }
        elapsedSteps = 0
    }

    /// Counts a step and keeps `action` (clipped) as the previous action; returns
    /// ‖aₜ − aₜ₋₁‖², the action rate the penalty is made of.
    mutating func record(_ action: [Float]) -> Double {
        elapsedSteps += 1
        var rate = 0.0
        for i in action.indices {
            let clipped = min(max(action[i], -1), 1)
            let change = Double(clipped - previousAction[i])
            rate += change * change
            previousAction[i] = clipped
        }
        return rate
    }

    /// Counts a step (for tasks that keep their own previous action, as `ReachTask` does in
    /// its `ReachController`).
    mutating func countStep() { elapsedSteps += 1 }
}
