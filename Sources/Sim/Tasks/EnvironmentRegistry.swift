import Foundation
import MuJoCo
import SteadyCore

/// The environments Steady can build by name, `robot:task` or `pendulum`.
///
/// | name | task |
/// |---|---|
/// | `pendulum` | gymnasium's Pendulum-v1 (no randomization) |
/// | `so101:reach`, `koch:reach` | `ReachTask`, dense reward |
/// | `so101:reach-sparse`, `koch:reach-sparse` | `ReachTask`, sparse goal-conditioned reward |
/// | `so101:reach-ee`, `koch:reach-ee` | `ReachTask`, dense reward, end-effector displacement actions |
/// | `so101:reach-ee-sparse`, `koch:reach-ee-sparse` | the same, sparse goal-conditioned reward |
/// | `leap_hand:pose` | `HandPoseTask`, dense reward |
/// | `leap_hand:pose-sparse` | `HandPoseTask`, sparse goal-conditioned reward |
///
/// Robots are found as `RobotDescription.load` finds them (`robots/<robot>/`), or under
/// `robotsDirectory` when one is given; each robot's `model.xml` is loaded once per call and
/// shared, read-only, by the copies made from it.
public enum EnvironmentRegistry {
    /// One registered environment.
    public struct Entry: Sendable {
        /// The environment types the registry builds.
        public enum Kind: Sendable { case pendulum, reach, handPose }
        /// The registered name.
        public var name: String
        /// The robot directory name, nil for `pendulum`.
        public var robot: String?
        /// What kind of environment.
        public var kind: Kind
        /// Sparse goal-conditioned reward.
        public var sparse: Bool
        /// One line for listings.
        public var summary: String
        /// What a reach task's action is (joint deltas unless the name ends in `-ee`).
        public var actions: ReachActionMode = .jointDeltas
    }

    /// Every registered environment, in listing order.
    public static let entries: [Entry] = [
        Entry(name: "pendulum", robot: nil, kind: .pendulum, sparse: false, summary: "gymnasium Pendulum-v1 swing-up"),
        Entry(name: "so101:reach", robot: "so101", kind: .reach, sparse: false, summary: "SO-101 end effector to a random target, dense reward"),
        Entry(name: "so101:reach-sparse", robot: "so101", kind: .reach, sparse: true, summary: "SO-101 reach, sparse goal-conditioned reward"),
        Entry(name: "koch:reach", robot: "koch", kind: .reach, sparse: false, summary: "Koch v1.1 end effector to a random target, dense reward"),
        Entry(name: "koch:reach-sparse", robot: "koch", kind: .reach, sparse: true, summary: "Koch reach, sparse goal-conditioned reward"),
        Entry(name: "so101:reach-ee", robot: "so101", kind: .reach, sparse: false,
              summary: "SO-101 reach acting by end-effector displacements, dense reward", actions: .endEffectorDeltas),
        Entry(name: "so101:reach-ee-sparse", robot: "so101", kind: .reach, sparse: true,
              summary: "SO-101 reach acting by end-effector displacements, sparse reward", actions: .endEffectorDeltas),
        Entry(name: "koch:reach-ee", robot: "koch", kind: .reach, sparse: false,
              summary: "Koch reach acting by end-effector displacements, dense reward", actions: .endEffectorDeltas),
        Entry(name: "koch:reach-ee-sparse", robot: "koch", kind: .reach, sparse: true,
              summary: "Koch reach acting by end-effector displacements, sparse reward", actions: .endEffectorDeltas),
        Entry(name: "leap_hand:pose", robot: "leap_hand", kind: .handPose, sparse: false, summary: "LEAP hand to a random pose, dense reward"),
        Entry(name: "leap_hand:pose-sparse", robot: "leap_hand", kind: .handPose, sparse: true, summary: "LEAP hand pose, sparse goal-conditioned reward"),
    ]

    /// The registered names.
    public static var names: [String] { entries.map(\.name) }

    /// The entry called `name`.
    /// - Throws: `TaskError.unknownEnvironment` listing the known names.
    public static func entry(named name: String) throws -> Entry {
        guard let entry = entries.first(where: { $0.name == name }) else {
            throw TaskError.unknownEnvironment(name: name, known: names)
        }
        return entry
    }

    /// Builds the environment called `name`.
    ///
    /// - Parameters:
    ///   - randomization: `none`, the robot's `randomization.yaml`, or another file.
    ///   - seed: seeds targets, randomization and noise (see each task's `init`).
    ///   - robotsDirectory: a directory holding `<robot>/robot.yaml` and `model.xml`, instead
    ///     of the usual search.
    /// - Throws: `TaskError.unknownEnvironment`, `RobotError`, `SimError.modelLoad`,
    ///   `SteadyFileError` (robot or randomization file), `TaskError`.
    public static func make(_ name: String, randomization: RandomizationSource = .none, seed: UInt64 = 0,
                            options: TaskOptions = TaskOptions(), robotsDirectory: URL? = nil) throws -> any Environment {
        try makeCopies(name, count: 1, randomization: randomization, seeds: [seed], options: options,
                       robotsDirectory: robotsDirectory)[0]
    }

    /// Builds `seeds.count` copies of the environment called `name`, copy i seeded with
    /// `seeds[i]`, loading the robot, its model and its randomization file once.
    public static func makeCopies(_ name: String, count: Int, randomization: RandomizationSource = .none,
                                  seeds: [UInt64], options: TaskOptions = TaskOptions(),
                                  robotsDirectory: URL? = nil) throws -> [any Environment] {
        precondition(count > 0 && seeds.count == count, "EnvironmentRegistry: need one seed per copy")
        let entry = try entry(named: name)
        guard let robotName = entry.robot else {
            guard randomization == .none else { throw TaskError.randomizationNotSupported(environment: name) }
            return seeds.map { Pendulum(seed: $0) }
        }
        let directory = try robotsDirectory.map { $0.appendingPathComponent(robotName) }
            ?? RobotLocator.directory(for: robotName)
        let robot = try RobotDescription.load(file: directory.appendingPathComponent("robot.yaml"))
        let model = try SimModel(contentsOf: directory.appendingPathComponent("model.xml").path)
        let configuration = try randomization.configuration(robotDirectory: directory)
        return try seeds.map { seed -> any Environment in
            switch entry.kind {
            case .reach:
                return try ReachTask(name: name, robot: robot, model: model, randomization: configuration,
                                     sparse: entry.sparse, actionMode: entry.actions, options: options, seed: seed)
            case .handPose:
                return try HandPoseTask(name: name, robot: robot, model: model, randomization: configuration,
                                        sparse: entry.sparse, options: options, seed: seed)
            case .pendulum:
                preconditionFailure("pendulum has no robot")
            }
        }
    }
}

/// Builds the environment called `name` (see `EnvironmentRegistry.make`).
/// - Throws: `TaskError.unknownEnvironment` listing the known names, and the loading errors.
public func makeEnvironment(name: String, randomization: RandomizationSource = .none, seed: UInt64 = 0,
                            options: TaskOptions = TaskOptions()) throws -> any Environment {
    try EnvironmentRegistry.make(name, randomization: randomization, seed: seed, options: options)
}
