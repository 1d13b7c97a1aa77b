/// Bad metrics input: a CSV or summary file that cannot be read. Names the file, and the line
/// and column when there is one, e.g. `run.csv:17: column 'elbow_flex': 'abc' is not a number`.
public struct MetricsInputError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file, as the user named it.
    public var path: String
    /// The 1-based line in the file (the header is line 1), if the problem has one.
    public var line: Int?
    /// The column name, if the problem has one.
    public var column: String?
    /// What is wrong, in words.
    public var reason: String

    /// Creates an error naming a file and, optionally, a line and a column.
    public init(path: String, line: Int? = nil, column: String? = nil, reason: String) {
        self.path = path
        self.line = line
        self.column = column
        self.reason = reason
    }

    /// `path[:line]: [column 'name': ]reason`.
    public var description: String {
        var text = path
        if let line { text += ":\(line)" }
        text += ": "
        if let column { text += "column '\(column)': " }
        return text + reason
    }
}
