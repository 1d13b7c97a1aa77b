import ArgumentParser
import Sim
import SteadyCore

/// The environment names `steady train` and `steady eval` accept, in the order they are listed.
let knownEnvironmentNames = ["pendulum"]

/// The one place environments are constructed by name: add a ROBOT:TASK here with one line
/// (and its name to `knownEnvironmentNames`).
/// - Throws: `ValidationError` naming the unknown environment and listing the known ones.
func makeEnvironment(name: String, seed: UInt64) throws -> any Environment {
    switch name.lowercased() {
    case "pendulum": return Pendulum(seed: seed)
    default:
        throw ValidationError("unknown environment '\(name)'; known environments: \(knownEnvironmentNames.joined(separator: ", "))")
    }
}
