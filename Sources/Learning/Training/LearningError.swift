/// Errors the world causes while training or loading a policy. Each names what failed: the
/// step and the loss, the checkpoint file and the field, or the environment.
public enum LearningError: Error, Equatable, CustomStringConvertible {
    /// A loss became NaN or infinite; training stopped and the last good checkpoint was kept.
    case nonFiniteLoss(step: Int, loss: String, value: Float, checkpoint: String?)
    /// A checkpoint's metadata is missing, unreadable or inconsistent.
    case invalidCheckpoint(path: String, reason: String)
    /// A checkpoint does not fit the environment it is used with.
    case incompatibleCheckpoint(path: String, reason: String)
    /// An environment returned an observation of the wrong size.
    case observationSize(environment: String, expected: Int, found: Int)

    /// A one-line message naming what failed.
    public var description: String {
        switch self {
        case let .nonFiniteLoss(step, loss, value, checkpoint):
            let kept = checkpoint.map { "; the last good checkpoint is kept at \($0)" }
                ?? "; no checkpoint had been written yet"
            return "training stopped at step \(step): \(loss) became \(value)\(kept)"
        case let .invalidCheckpoint(path, reason):
            return "\(path): invalid checkpoint: \(reason)"
        case let .incompatibleCheckpoint(path, reason):
            return "\(path): checkpoint does not fit: \(reason)"
        case let .observationSize(environment, expected, found):
            return "environment \(environment) returned \(found) observation values, expected \(expected)"
        }
    }
}
