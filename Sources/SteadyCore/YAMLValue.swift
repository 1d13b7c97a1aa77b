import Foundation
import Yams

/// A YAML node that remembers where it came from, so every error names file, line and field.
///
/// `robot.yaml`, `randomization.yaml` and physics override files are all read through this type.
public struct YAMLValue {
    /// The file the node was read from (for error messages).
    public let file: String
    /// Dotted path of the node inside the document, e.g. `joints[2].limits`.
    public let fieldPath: String
    let node: Node

    /// Parses `text` (the contents of `file`) into its root node.
    /// - Throws: `SteadyFileError.malformed` with the line of the YAML syntax error.
    public static func parse(_ text: String, file: String) throws -> YAMLValue {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw SteadyFileError.malformed(path: file, line: nil, field: nil, reason: "the file is empty")
            }
            return YAMLValue(file: file, fieldPath: "", node: node)
        } catch let error as YamlError {
            throw SteadyFileError.malformed(path: file, line: Self.line(of: error), field: nil,
                                            reason: "not valid YAML (\(Self.problem(of: error)))")
        }
    }

    /// Reads and parses a file.
    public static func load(contentsOf url: URL) throws -> YAMLValue {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw SteadyFileError.notFound(path: url.path)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw SteadyFileError.malformed(path: url.path, line: nil, field: nil, reason: "not UTF-8 text")
        }
        return try parse(text, file: url.path)
    }

    /// 1-based line of this node in its file.
    public var line: Int? { node.mark?.line }

    /// An error located at this node.
    public func error(_ reason: String) -> SteadyFileError {
        .malformed(path: file, line: line, field: fieldPath.isEmpty ? nil : fieldPath, reason: reason)
    }

    // MARK: Mappings

    /// The keys of a mapping, in file order.
    public func keys() throws -> [String] {
        guard let mapping = node.mapping else { throw error("expected a mapping of key: value") }
        return mapping.keys.compactMap(\.string)
    }

    /// The value under `key`, or nil when absent.
    public func optional(_ key: String) throws -> YAMLValue? {
        guard let mapping = node.mapping else { throw error("expected a mapping of key: value") }
        guard let child = mapping[key] else { return nil }
        return YAMLValue(file: file, fieldPath: fieldPath.isEmpty ? key : "\(fieldPath).\(key)", node: child)
    }

    /// The value under `key`.
    /// - Throws: a located error naming the missing field.
    public func required(_ key: String) throws -> YAMLValue {
        guard let value = try optional(key) else {
            let field = fieldPath.isEmpty ? key : "\(fieldPath).\(key)"
            throw SteadyFileError.malformed(path: file, line: line, field: field, reason: "is required but missing")
        }
        return value
    }

    /// Rejects keys outside `allowed`, so a typo (`velocity_limt`) is an error rather than silently ignored.
    public func rejectUnknownKeys(allowed: Set<String>) throws {
        for key in try keys() where !allowed.contains(key) {
            let child = try required(key)
            throw child.error("unknown field (expected one of: \(allowed.sorted().joined(separator: ", ")))")
        }
    }

    // MARK: Sequences

    /// The elements of a sequence.
    public func elements() throws -> [YAMLValue] {
        guard let sequence = node.sequence else { throw error("expected a list") }
        return sequence.enumerated().map { index, child in
            YAMLValue(file: file, fieldPath: "\(fieldPath)[\(index)]", node: child)
        }
    }

    // MARK: Scalars

    /// The scalar as a string.
    public func string() throws -> String {
        guard let scalar = node.scalar else { throw error("expected a single value") }
        return scalar.string
    }

    /// The scalar as a finite number.
    public func double() throws -> Double {
        let text = try string()
        guard let value = Double(text.trimmingCharacters(in: .whitespaces)), value.isFinite else {
            throw error("'\(text)' is not a finite number")
        }
        return value
    }

    /// The scalar as an integer.
    public func int() throws -> Int {
        let text = try string()
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)) else {
            throw error("'\(text)' is not an integer")
        }
        return value
    }

    /// The scalar as a number in `range`.
    /// - Throws: a located error naming the field and the allowed values.
    public func double(in range: SettingRange<Double>) throws -> Double {
        let text = try string()
        guard let value = Double(settingText: text) else { throw error("'\(text)' is not a number: must be \(range)") }
        if let problem = range.problem(value) { throw error(problem) }
        return value
    }

    /// The scalar as an integer in `range`.
    /// - Throws: a located error naming the field and the allowed values.
    public func int(in range: SettingRange<Int>) throws -> Int {
        let text = try string()
        guard let value = Int(settingText: text) else { throw error("'\(text)' is not an integer: must be \(range)") }
        if let problem = range.problem(value) { throw error(problem) }
        return value
    }

    /// The scalar as a boolean (`true`/`false`/`yes`/`no`).
    public func bool() throws -> Bool {
        switch try string().lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        case let other: throw error("'\(other)' is not true or false")
        }
    }

    /// A list of exactly `count` numbers, e.g. `limits: [-1.5, 1.5]`.
    public func doubles(count: Int) throws -> [Double] {
        let items = try elements()
        guard items.count == count else { throw error("expected \(count) numbers, found \(items.count)") }
        return try items.map { try $0.double() }
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return mark.line
        default:
            return nil
        }
    }

    private static func problem(of error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _):
            return problem
        default:
            return "\(error)"
        }
    }
}
