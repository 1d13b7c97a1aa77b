import Foundation
import MuJoCo
import SteadyCore

/// Building a robot's physics twin from its directory: `model.xml` (the MJCF twin) and, when
/// present, `physics.yaml` (the servo-plant parameters of the nominal twin, in the override
/// format of `PhysicsOverrides`), then any further override files.
extension MuJoCoPlant {
    /// The robot's MJCF twin, when its directory has one.
    public static func modelFile(for robot: RobotDescription) -> URL? {
        guard let file = robot.directory?.appendingPathComponent("model.xml"),
              FileManager.default.fileExists(atPath: file.path) else { return nil }
        return file
    }

    /// The robot's nominal servo-plant parameters, when its directory has them.
    public static func nominalParametersFile(for robot: RobotDescription) -> URL? {
        guard let file = robot.directory?.appendingPathComponent("physics.yaml"),
              FileManager.default.fileExists(atPath: file.path) else { return nil }
        return file
    }

    /// The twin of `robot`: its `model.xml`, its `physics.yaml` if any, then `overrides` in order.
    ///
    /// - Throws: `MuJoCoPlantError.noModel` when the robot has no `model.xml`, `SimError` for a
    ///   model MuJoCo rejects or that lacks a robot joint, `SteadyFileError` for a bad `physics.yaml`.
    public convenience init(robot: RobotDescription, overrides: [PhysicsOverrides] = []) throws {
        guard let file = Self.modelFile(for: robot) else {
            let path = robot.directory?.appendingPathComponent("model.xml").path ?? "robots/\(robot.name)/model.xml"
            throw MuJoCoPlantError.noModel(robot: robot.name, path: path)
        }
        let nominal = try Self.nominalParametersFile(for: robot).map { try PhysicsOverrides.load(contentsOf: $0) }
        try self.init(robot: robot, model: try SimModel(contentsOf: file.path),
                      overrides: (nominal.map { [$0] } ?? []) + overrides)
    }
}
