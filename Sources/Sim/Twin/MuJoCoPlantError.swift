/// Why a physics-backed servo plant cannot be built for a robot.
public enum MuJoCoPlantError: Error, Equatable, CustomStringConvertible {
    /// The robot directory has no MJCF twin.
    case noModel(robot: String, path: String)
    /// A robot joint exists in the model but is not a hinge or slide, so no servo can drive it.
    case notAServoJoint(joint: String, model: String)

    /// A one-line message naming what failed.
    public var description: String {
        switch self {
        case let .noModel(robot, path):
            return "robot \(robot) has no MuJoCo model (\(path) not found); use --physics none for the first-order plant"
        case let .notAServoJoint(joint, model):
            return "model \(model): joint '\(joint)' is not a hinge or slide joint, so no servo can drive it"
        }
    }
}
