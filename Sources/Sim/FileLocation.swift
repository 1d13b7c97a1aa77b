import SteadyCore

/// Where an entry of a robot's YAML file (physics overrides, randomization) was written, for
/// errors found only when the file meets a model.
public struct FileLocation: Equatable, Sendable {
    /// The file.
    public var file: String
    /// 1-based line, when known.
    public var line: Int?
    /// Dotted path of the field, e.g. `episode.backlash.joints.gripper`.
    public var field: String

    public init(file: String, line: Int?, field: String) {
        self.file = file
        self.line = line
        self.field = field
    }

    /// Where `node` was read from.
    init(_ node: YAMLValue) {
        self.init(file: node.file, line: node.line, field: node.fieldPath)
    }

    /// An error at this location.
    public func error(_ reason: String) -> SteadyFileError {
        .malformed(path: file, line: line, field: field, reason: reason)
    }
}
