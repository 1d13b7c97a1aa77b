import Foundation
import Runtime
import SteadyCore

/// What `--policy` names: a built-in policy or a learned checkpoint.
enum PolicySpec: Equatable {
    case hold
    case sine
    case replay(String)
    case checkpoint(String)

    /// Whether it names a learned checkpoint.
    var isCheckpoint: Bool { if case .checkpoint = self { true } else { false } }

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

/// Settings the policies take from the command line.
struct PolicySettings {
    /// How often the policy is called, Hz.
    var callRateHz: Double
    /// Sine amplitude as a fraction of each joint's half range.
    var amplitude = 0.3
    /// Sine frequency, Hz.
    var frequencyHz = 0.5
    /// A checkpoint's reach goal, m (nil: drawn with `seed`).
    var goal: SIMD3<Double>?
    /// Seed of a drawn goal.
    var seed: UInt64 = 0
}

/// A policy for the runtime, and what the command line needs to know about it.
struct RuntimePolicy {
    /// What the loop calls.
    var policy: Policy
    /// A learned checkpoint's deployment (its goal, trained rate and metadata), nil for the
    /// built-ins.
    var deployment: CheckpointDeployment?
}

/// Builds the policy `spec` names for `robot`.
///
/// Learned checkpoints plug in here: `CheckpointDeployment` loads the network (Learning) and
/// wraps it in its task's adapter (Sim), which conforms to `SteadyCore.Policy` like the
/// built-ins (observation: joint positions then velocities; action: joint targets in radians).
/// - Throws: `PolicySpecError`, `CheckpointDeploymentError` and loading errors naming the file.
func makePolicy(spec: PolicySpec, robot: RobotDescription, settings: PolicySettings) throws -> RuntimePolicy {
    switch spec {
    case .hold:
        return RuntimePolicy(policy: HoldPolicy(jointCount: robot.joints.count))
    case .sine:
        return RuntimePolicy(policy: SinePolicy(robot: robot, callRateHz: settings.callRateHz,
                                                amplitudeFraction: settings.amplitude, frequencyHz: settings.frequencyHz))
    case .replay(let path):
        return RuntimePolicy(policy: try ReplayPolicy(contentsOf: URL(fileURLWithPath: path), robot: robot,
                                                      callRateHz: settings.callRateHz))
    case .checkpoint(let path):
        guard FileManager.default.fileExists(atPath: path) else {
            throw PolicySpecError(message: "cannot load policy '\(path)': no such directory; use hold, sine, replay:FILE or a checkpoint directory")
        }
        let deployment = try CheckpointDeployment(path: path, robot: robot, goal: settings.goal, seed: settings.seed)
        return RuntimePolicy(policy: deployment.policy, deployment: deployment)
    }
}

/// A `--policy` that cannot be built.
struct PolicySpecError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
