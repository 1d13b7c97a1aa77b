import ArgumentParser
import Sim
import SteadyCore

/// The environment names `steady train` and `steady eval` accept: every task in Sim's registry.
var knownEnvironmentNames: [String] { EnvironmentRegistry.names }

/// The one place the command line constructs environments by name (through Sim's registry).
/// - Parameter randomize: `none`, `default` (robots/<robot>/randomization.yaml) or a file.
/// - Throws: `ValidationError` naming the unknown environment and listing the known ones.
/// - Parameter actionRatePenalty: the robot tasks' action-rate coefficient (nil: the task's default).
func makeEnvironment(name: String, seed: UInt64, randomize: String = "none", actionRatePenalty: Double? = nil) throws -> any Environment {
    try makeEnvironment(name: name, seed: seed, randomization: RandomizationSource(argument: randomize),
                        options: TaskOptions(actionRatePenalty: actionRatePenalty))
}

/// The environment called `name` with `randomization` (e.g. a physics file as a fixed point).
func makeEnvironment(name: String, seed: UInt64, randomization: RandomizationSource,
                     options: TaskOptions = TaskOptions()) throws -> any Environment {
    let key = name.lowercased()
    guard EnvironmentRegistry.names.contains(key) else {
        throw ValidationError("unknown environment '\(name)'; known environments: \(knownEnvironmentNames.joined(separator: ", "))")
    }
    return try EnvironmentRegistry.make(key, randomization: randomization, seed: seed, options: options)
}
