/// Errors building or running a simulated learning task, each naming what failed.
public enum TaskError: Error, Equatable, CustomStringConvertible {
    /// No environment is registered under `name`; `known` lists the names that are.
    case unknownEnvironment(name: String, known: [String])
    /// A task option has a value the task cannot use.
    case invalidOption(name: String, reason: String)
    /// A robot's `model.xml` does not match its `robot.yaml` (missing joint or servo, other range).
    case modelMismatch(robot: String, model: String, detail: String)
    /// The environment does not take domain randomization.
    case randomizationNotSupported(environment: String)
    /// The simulation diverged during the last step; call `reset` before stepping again.
    case needsReset(environment: String)

    /// A one-line message naming what failed.
    public var description: String {
        switch self {
        case let .unknownEnvironment(name, known):
            return "unknown environment '\(name)' (known: \(known.joined(separator: ", ")))"
        case let .invalidOption(name, reason):
            return "invalid \(name): \(reason)"
        case let .modelMismatch(robot, model, detail):
            return "\(model) does not match robots/\(robot)/robot.yaml: \(detail)"
        case let .randomizationNotSupported(environment):
            return "environment \(environment) has no domain randomization (use --randomize none)"
        case let .needsReset(environment):
            return "environment \(environment) diverged in its last step; reset it before stepping again"
        }
    }
}
