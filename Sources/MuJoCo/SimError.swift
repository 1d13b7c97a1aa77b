/// Errors the simulation layer throws: every failure the world (a file, a model, a diverging
/// simulation, a policy's output) can cause, each naming the thing that failed.
///
/// Programmer errors (an index out of range, an array of the wrong length) are not here: they
/// end in a `precondition`, as in the rest of Steady.
public enum SimError: Error, Equatable, CustomStringConvertible {
    /// MuJoCo's XML parser or compiler rejected a model; `message` is MuJoCo's own text.
    case modelLoad(path: String, message: String)
    /// A named object does not exist in the model; `available` lists the names that do.
    case unknownName(kind: SimObjectKind, name: String, model: String, available: [String])
    /// The simulation diverged (MuJoCo found a bad qpos, qvel or qacc, or a value became
    /// non-finite) at simulated time `time`, in seconds.
    case unstable(time: Double, detail: String)
    /// An environment received an action it cannot apply (non-finite component).
    case invalidAction(environment: String, action: [Float])

    /// A one-line message naming what failed.
    public var description: String {
        switch self {
        case let .modelLoad(path, message):
            return "cannot load MuJoCo model \(path): \(message)"
        case let .unknownName(kind, name, model, available):
            let list = available.isEmpty ? "none" : available.joined(separator: ", ")
            return "model \(model) has no \(kind) named '\(name)' (available: \(list))"
        case let .unstable(time, detail):
            return "simulation became unstable at t = \(time) s: \(detail)"
        case let .invalidAction(environment, action):
            return "environment \(environment) cannot apply action \(action)"
        }
    }
}
