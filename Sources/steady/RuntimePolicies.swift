import Foundation
import Runtime
import SteadyCore

/// What `--policy` names: a built-in policy or a learned checkpoint.
enum PolicySpec: Equatable {
    case hold
    case sine
    case replay(String)
    case checkpoint(String)

    /// Parses `hold`, `sine`, `replay:FILE`, or anything else as a checkpoint path.
    init(_ text: String) {
        switch text {
        case "hold": self = .hold
        case "sine": self = .sine
        default:
            if text.hasPrefix("replay:") { self = .replay(String(text.dropFirst("replay:".count))) } else { self = .checkpoint(text) }
        }
    }
}

/// Settings the built-in policies take from the command line.
struct PolicySettings {
    /// How often the policy is called, Hz.
    var callRateHz: Double
    /// Sine amplitude as a fraction of each joint's half range.
    var amplitude = 0.3
    /// Sine frequency, Hz.
    var frequencyHz = 0.5
}

/// Builds the policy `spec` names for `robot`.
///
/// The one place where learned policies plug in: a checkpoint directory (`CHECKPOINT_DIR`,
/// e.g. `runs/reach/policy`) will be loaded here by the Learning module's checkpoint policy,
/// which conforms to `SteadyCore.Policy` like the built-ins (observation: joint positions then
/// velocities; action: joint targets in radians).
/// - Throws: `ValidationError`-style errors naming the file or spec.
func makePolicy(spec: PolicySpec, robot: RobotDescription, settings: PolicySettings) throws -> Policy {
    switch spec {
    case .hold:
        return HoldPolicy(jointCount: robot.joints.count)
    case .sine:
        return SinePolicy(robot: robot, callRateHz: settings.callRateHz, amplitudeFraction: settings.amplitude,
                          frequencyHz: settings.frequencyHz)
    case .replay(let path):
        return try ReplayPolicy(contentsOf: URL(fileURLWithPath: path), robot: robot, callRateHz: settings.callRateHz)
    case .checkpoint(let path):
        // CHECKPOINT_DIR: load a Learning checkpoint policy here once the Learning module ships one.
        throw PolicySpecError(message: "cannot load policy '\(path)': learned checkpoints are not supported yet; use hold, sine or replay:FILE")
    }
}

/// A `--policy` that cannot be built.
struct PolicySpecError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
