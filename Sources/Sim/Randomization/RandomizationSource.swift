import Foundation
import SteadyCore

/// Where a task's domain randomization comes from: the `--randomize none|default|FILE` choice.
public enum RandomizationSource: Equatable, Sendable, CustomStringConvertible {
    /// No randomization: the nominal model and noise-free steps.
    case none
    /// The robot's own `robots/<robot>/randomization.yaml`.
    case robotDefault
    /// A `randomization.yaml` file at this path.
    case file(String)
    /// A configuration already made (e.g. a physics file as a fixed point, `steady eval --physics`).
    case configuration(RandomizationConfiguration)

    /// Reads the command-line form: `none`, `default`, or a file path.
    public init(argument: String) {
        switch argument {
        case "none": self = .none
        case "default": self = .robotDefault
        default: self = .file(argument)
        }
    }

    /// The command-line form.
    public var description: String {
        switch self {
        case .none: return "none"
        case .robotDefault: return "default"
        case .file(let path): return path
        case .configuration(let configuration): return configuration.file
        }
    }

    /// Loads the configuration for the robot in `robotDirectory`.
    /// - Throws: `SteadyFileError.notFound` when the file is missing, `.malformed` (file, line,
    ///   field) when it is invalid.
    public func configuration(robotDirectory: URL?) throws -> RandomizationConfiguration {
        switch self {
        case .none:
            return .none
        case .robotDefault:
            guard let robotDirectory else {
                throw SteadyFileError.notFound(path: "randomization.yaml (the robot was not loaded from a directory)")
            }
            return try RandomizationConfiguration.load(contentsOf: robotDirectory.appendingPathComponent("randomization.yaml"))
        case .file(let path):
            return try RandomizationConfiguration.load(contentsOf: URL(fileURLWithPath: path))
        case .configuration(let configuration):
            return configuration
        }
    }
}
