import Foundation
import Learning
import MuJoCo
import Sidecar
import Sim
import SteadyCore

/// A learned checkpoint made ready for `steady run`: the trained network behind the adapter of
/// its task, and the rate it was trained at.
///
/// The wiring lives here because it needs both sides: `Learning` loads the network, `Sim`
/// knows the task's observation and action mapping, and `Runtime` sees only the resulting
/// `Policy`.
struct CheckpointDeployment {
    /// What the runtime calls.
    var policy: ReachPolicyAdapter
    /// The checkpoint's metadata.
    var metadata: CheckpointMetadata
    /// The checkpoint's tensor file (named in errors).
    var file: URL
    /// The network as a deterministic `ActorPolicy` (which keeps each call's observation and
    /// action for an episode's bookkeeping), when asked for with `episodes`; else nil.
    var actor: ActorPolicy?
    /// The task's control rate, Hz: how often the policy saw the world in training.
    var trainedRateHz: Double { 1 / metadata.controlPeriodSeconds }

    /// Loads the checkpoint at `path` (a checkpoint directory, or a run directory holding
    /// `policy/`) and builds its adapter for `robot`.
    ///
    /// - Parameters:
    ///   - goal: the reach goal, m; nil draws one with `seed` as the task would.
    ///   - episodes: for scored episodes (`steady run --episodes`): the network is wrapped as a
    ///     deterministic `actor`. Nil: the plain checkpoint network.
    /// - Throws: `CheckpointDeploymentError` naming the checkpoint file and the field that does
    ///   not fit the robot; the loading errors of the checkpoint and the robot's model.
    init(path: String, robot: RobotDescription, goal: SIMD3<Double>?, seed: UInt64, episodes: Int? = nil) throws {
        var directory = URL(fileURLWithPath: path)
        let nested = directory.appendingPathComponent("policy")
        if FileManager.default.fileExists(atPath: nested.appendingPathComponent(Checkpoint.modelFileName).path) {
            directory = nested
        }
        let network = try CheckpointPolicy(directory: directory)
        let metadata = network.metadata
        file = directory.appendingPathComponent(Checkpoint.modelFileName)
        let file = self.file
        func misfit(_ field: String, _ problem: String) -> CheckpointDeploymentError {
            CheckpointDeploymentError(file: displayPath(file), field: field, problem: problem)
        }
        let environment = metadata.environment
        guard let entry = try? EnvironmentRegistry.entry(named: environment) else {
            throw misfit("environment", "'\(environment)' is not a known environment (\(EnvironmentRegistry.names.joined(separator: ", ")))")
        }
        guard let trainedRobot = entry.robot, entry.kind == .reach else {
            throw misfit("environment", "'\(environment)' cannot run on a robot yet: steady run deploys the reach tasks "
                         + "(\(EnvironmentRegistry.entries.filter { $0.kind == .reach }.map(\.name).joined(separator: ", ")))")
        }
        guard trainedRobot == robot.name else {
            throw misfit("environment", "'\(environment)' was trained for robot \(trainedRobot), not --robot \(robot.name)")
        }
        guard metadata.controlPeriodSeconds.isFinite && metadata.controlPeriodSeconds > 0 else {
            throw misfit("control_period_seconds", "\(metadata.controlPeriodSeconds) is not a positive period")
        }
        guard let modelFile = robot.directory?.appendingPathComponent("model.xml"),
              FileManager.default.fileExists(atPath: modelFile.path) else {
            throw CheckpointDeploymentError(file: robot.directory.map { displayPath($0.appendingPathComponent("model.xml")) } ?? "model.xml",
                                            field: nil, problem: "robot \(robot.name) has no MuJoCo model, needed for its end-effector position")
        }
        var acting: Policy = network
        if episodes != nil {
            // The checkpoint's own actor tensors, in the runtime's actor (deterministic: no exploration).
            let (_, tensors) = try Checkpoint.read(from: directory)
            let actorNetwork = ActorNetwork(spec: ActorSpec(metadata.actor), observationSize: metadata.observationSize,
                                            actionSize: metadata.actionSize)
            actorNetwork.adopt(try actorNetwork.staged(from: tensors))
            let actor = try ActorPolicy(network: actorNetwork, exploration: nil, seed: seed)
            self.actor = actor
            acting = actor
        }
        let adapter = try ReachPolicyAdapter(robot: robot, model: SimModel(contentsOf: modelFile.path), network: acting,
                                             goal: goal, seed: seed, actionMode: entry.actions)
        let joints = robot.joints.count
        guard metadata.observationSize == adapter.observationSize else {
            throw misfit("observation_size", "\(metadata.observationSize), but \(environment) on \(robot.name) (\(joints) joints) "
                         + "observes \(adapter.observationSize) values")
        }
        guard metadata.actionSize == adapter.actionSize else {
            throw misfit("action_size", "\(metadata.actionSize), but \(environment) on \(robot.name) moves \(adapter.actionSize) "
                         + "of its \(joints) joints")
        }
        policy = adapter
        self.metadata = metadata
    }
}

/// A checkpoint that cannot drive the robot of `steady run`: names the file and the field.
struct CheckpointDeploymentError: Error, CustomStringConvertible {
    /// The checkpoint (or model) file.
    var file: String
    /// The metadata field at fault, if one is.
    var field: String?
    /// What is wrong.
    var problem: String

    var description: String {
        "\(file): " + (field.map { "field '\($0)' " } ?? "") + problem
    }
}
