import Foundation

/// Finds robot directories: a name under `robots/` or a path to a directory holding `robot.yaml`.
public enum RobotLocator {
    /// Directories searched for `robots/<name>`: `$STEADY_ROBOTS`, `./robots`, then `robots/`
    /// next to the executable's package (so `.build/release/steady` finds the repository's robots).
    public static func searchDirectories() -> [URL] {
        var directories: [URL] = []
        if let custom = ProcessInfo.processInfo.environment["STEADY_ROBOTS"] {
            directories.append(URL(fileURLWithPath: custom))
        }
        directories.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("robots"))
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        for _ in 0..<4 {
            directories.append(directory.appendingPathComponent("robots"))
            directory = directory.deletingLastPathComponent()
        }
        return directories
    }

    /// The robot directory for `nameOrPath`.
    /// - Throws: `RobotError.unknownRobot` listing the robots that exist.
    public static func directory(for nameOrPath: String) throws -> URL {
        var isDirectory: ObjCBool = false
        if nameOrPath.contains("/"), FileManager.default.fileExists(atPath: nameOrPath, isDirectory: &isDirectory) {
            let url = URL(fileURLWithPath: nameOrPath)
            return isDirectory.boolValue ? url : url.deletingLastPathComponent()
        }
        for base in searchDirectories() {
            let candidate = base.appendingPathComponent(nameOrPath)
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("robot.yaml").path) {
                return candidate
            }
        }
        throw RobotError.unknownRobot(name: nameOrPath, known: knownRobots())
    }

    /// Names of the robots found in the search directories.
    public static func knownRobots() -> [String] {
        var names = Set<String>()
        for base in searchDirectories() {
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: base.path)) ?? []
            for entry in entries where FileManager.default.fileExists(
                atPath: base.appendingPathComponent(entry).appendingPathComponent("robot.yaml").path) {
                names.insert(entry)
            }
        }
        return names.sorted()
    }
}

/// Errors finding or describing a robot.
public enum RobotError: Error, CustomStringConvertible, Equatable {
    case unknownRobot(name: String, known: [String])

    public var description: String {
        switch self {
        case .unknownRobot(let name, let known):
            let list = known.isEmpty ? "none found (set STEADY_ROBOTS or run from the repository)" : known.joined(separator: ", ")
            return "unknown robot '\(name)': not a robot directory and not a name under robots/ (known robots: \(list))"
        }
    }
}

extension RobotDescription {
    /// Loads a robot by name (under `robots/`) or by path to its directory.
    public static func load(_ nameOrPath: String) throws -> RobotDescription {
        let directory = try RobotLocator.directory(for: nameOrPath)
        return try load(file: directory.appendingPathComponent("robot.yaml"))
    }

    /// Loads and validates a `robot.yaml` file.
    /// - Throws: `SteadyFileError.malformed` naming file, line and field.
    public static func load(file url: URL) throws -> RobotDescription {
        let root = try YAMLValue.load(contentsOf: url)
        return try parse(root, directory: url.deletingLastPathComponent())
    }

    /// Parses an already-read `robot.yaml` document.
    public static func parse(_ root: YAMLValue, directory: URL?) throws -> RobotDescription {
        try root.rejectUnknownKeys(allowed: ["name", "protocol", "baud", "defaults", "joints"])
        let name = try root.required("name").string()
        let protocolNode = try root.required("protocol")
        guard let protocolKind = ServoProtocolKind(rawValue: try protocolNode.string().lowercased()) else {
            throw protocolNode.error("unknown protocol '\(try protocolNode.string())' (expected feetech or dynamixel)")
        }
        let baudRate = try root.required("baud").int(in: RobotRanges.baud)

        let defaults = try root.optional("defaults")
        try defaults?.rejectUnknownKeys(allowed: JointFields.all)
        let jointNodes = try root.required("joints").elements()
        guard !jointNodes.isEmpty else { throw try root.required("joints").error("a robot needs at least one joint") }

        var joints: [JointDescription] = []
        for node in jointNodes {
            try node.rejectUnknownKeys(allowed: JointFields.all.union(["name", "id"]))
            let joint = try JointFields.parse(node, defaults: defaults, protocolKind: protocolKind)
            if let previous = joints.first(where: { $0.id == joint.id }) {
                throw try node.required("id").error("id \(joint.id) is already used by joint '\(previous.name)'")
            }
            if joints.contains(where: { $0.name == joint.name }) {
                throw try node.required("name").error("joint name '\(joint.name)' appears twice")
            }
            joints.append(joint)
        }
        return RobotDescription(name: name, directory: directory, protocolKind: protocolKind,
                                baudRate: baudRate, joints: joints)
    }
}

/// The per-joint fields of `robot.yaml`; each may also appear under `defaults`.
private enum JointFields {
    static let all: Set<String> = ["model", "limits", "velocity_limit", "acceleration_limit", "jerk_limit",
                                   "gains", "gripper"]

    /// The joint's own value for `key`, else the default.
    static func value(_ key: String, _ node: YAMLValue, _ defaults: YAMLValue?) throws -> YAMLValue? {
        if let own = try node.optional(key) { return own }
        return try defaults?.optional(key)
    }

    static func parse(_ node: YAMLValue, defaults: YAMLValue?, protocolKind: ServoProtocolKind) throws -> JointDescription {
        let name = try node.required("name").string()
        let rawID = try node.required("id").int(in: RobotRanges.motorID)

        let modelNode = try value("model", node, defaults) ?? node.required("model")
        let modelName = try modelNode.string()
        guard let model = MotorModel.named(modelName) else {
            throw modelNode.error("unknown motor model '\(modelName)' (known: \(MotorModel.catalog.map(\.name).joined(separator: ", ")))")
        }
        guard model.protocolKind == protocolKind else {
            throw modelNode.error("motor model '\(model.name)' speaks \(model.protocolKind.rawValue), but the robot's protocol is \(protocolKind.rawValue)")
        }

        let limitsNode = try node.required("limits")
        let limitItems = try limitsNode.elements()
        guard limitItems.count == 2 else { throw limitsNode.error("expected 2 numbers, found \(limitItems.count)") }
        let limits = try limitItems.map { try $0.double(in: RobotRanges.jointLimit) }
        guard limits[0] < limits[1] else { throw limitsNode.error("lower limit \(limits[0]) must be below upper limit \(limits[1])") }
        guard limits[1] - limits[0] <= 2 * Double.pi else { throw limitsNode.error("range is wider than one turn") }

        func limit(_ key: String, _ range: SettingRange<Double>) throws -> Double? {
            try value(key, node, defaults)?.double(in: range)
        }
        guard let velocityLimit = try limit("velocity_limit", RobotRanges.velocityLimit) else {
            _ = try node.required("velocity_limit")  // throws the located "missing" error
            preconditionFailure("unreachable")
        }
        var gains = ServoGains(p: 32, i: 0, d: 0)
        if let gainsNode = try value("gains", node, defaults) {
            try gainsNode.rejectUnknownKeys(allowed: ["p", "i", "d"])
            // Checked against the motor's registers here, before anything is written to a motor.
            let range = model.gainRange
            gains = ServoGains(p: try gainsNode.required("p").int(in: range), i: try gainsNode.optional("i")?.int(in: range) ?? 0,
                               d: try gainsNode.optional("d")?.int(in: range) ?? 0)
        }
        return JointDescription(
            name: name, id: ServoID(UInt8(rawID)), model: model, lowerRadians: limits[0], upperRadians: limits[1],
            velocityLimitRadiansPerSecond: velocityLimit,
            accelerationLimitRadiansPerSecond2: try limit("acceleration_limit", RobotRanges.accelerationLimit),
            jerkLimitRadiansPerSecond3: try limit("jerk_limit", RobotRanges.jerkLimit), gains: gains,
            isGripper: try value("gripper", node, defaults)?.bool() ?? false)
    }
}
