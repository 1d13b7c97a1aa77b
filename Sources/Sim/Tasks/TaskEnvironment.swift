import SteadyCore

/// An `Environment` that simulates a robot through a `TaskSimulation`, so tools can reach its
/// model, this episode's randomized parameters and its observation layout.
public protocol TaskEnvironment: Environment {
    /// The simulated robot.
    var simulation: TaskSimulation { get }
    /// Where each quantity sits in the observation.
    var layout: TaskObservationLayout { get }
    /// Steps after which an episode is truncated.
    var maxEpisodeSteps: Int { get }
}
