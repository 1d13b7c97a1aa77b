import Foundation

/// A numeric CSV table: a header row of column names, then one row of numbers per tick.
///
/// The parser is deliberately small and strict about what matters:
/// - the first non-blank line is the header; names are trimmed, and may be wrapped in double
///   quotes (no commas inside names); names must be non-empty and unique;
/// - every following line is a row of finite decimal numbers, one per column, separated by
///   commas; spaces around cells are ignored; `\n` and `\r\n` line ends both work;
/// - blank lines and lines starting with `#` are skipped anywhere;
/// - at least 2 data rows are required (every metric needs a step between two ticks).
///
/// Errors name the file, the 1-based line (the header is line 1 when the file starts with it)
/// and the column: `run.csv:17: column 'elbow_flex': 'abc' is not a number`.
public struct CSVTable: Equatable, Sendable {
    /// The file the table came from, as the user named it; used in every error.
    public var path: String
    /// Column names in file order.
    public var columnNames: [String]
    /// `columns[c][r]` is row r of column c.
    public var columns: [[Double]]
    /// The 1-based file line of each data row, so later checks can point at the line.
    public var lineNumbers: [Int]

    /// The number of data rows.
    public var rowCount: Int { lineNumbers.count }

    /// The values of the column named `name`, if there is one.
    public func column(named name: String) -> [Double]? {
        columnNames.firstIndex(of: name).map { columns[$0] }
    }

    /// Reads and parses a CSV file.
    /// - Throws: `MetricsInputError` naming the file (missing, unreadable, not UTF-8, or malformed).
    public static func load(contentsOf url: URL, displayPath: String? = nil) throws -> CSVTable {
        let path = displayPath ?? url.path
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw MetricsInputError(path: path, reason: "no such file")
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw MetricsInputError(path: path, reason: "could not read: \(error.localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw MetricsInputError(path: path, reason: "not UTF-8 text")
        }
        return try CSVTable(parsing: text, path: path)
    }

    /// Parses CSV text; `path` names the source in errors.
    /// - Throws: `MetricsInputError` with the line and column of the first problem.
    public init(parsing text: String, path: String) throws {
        self.path = path
        var header: [String]?
        var columns: [[Double]] = []
        var lineNumbers: [Int] = []
        var lineNumber = 0
        // "\r\n" is one Character in Swift, so it has to be named as a separator of its own.
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNumber += 1
            let trimmed = Self.trimmed(line)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            guard let names = header else {
                let names = try Self.parseHeader(cells, path: path, line: lineNumber)
                header = names
                columns = Array(repeating: [], count: names.count)
                continue
            }
            guard cells.count == names.count else {
                throw MetricsInputError(path: path, line: lineNumber,
                                        reason: "expected \(names.count) columns, found \(cells.count)")
            }
            for (index, cell) in cells.enumerated() {
                let field = Self.trimmed(cell)
                guard let value = Double(field) else {
                    let reason = field.isEmpty ? "empty cell" : "'\(field)' is not a number"
                    throw MetricsInputError(path: path, line: lineNumber, column: names[index], reason: reason)
                }
                guard value.isFinite else {
                    throw MetricsInputError(path: path, line: lineNumber, column: names[index],
                                            reason: "'\(field)' is not a finite number")
                }
                columns[index].append(value)
            }
            lineNumbers.append(lineNumber)
        }
        guard let names = header else {
            throw MetricsInputError(path: path, reason: "empty file: expected a header row of column names")
        }
        guard lineNumbers.count >= 2 else {
            throw MetricsInputError(path: path,
                                    reason: "needs at least 2 rows of data, found \(lineNumbers.count)")
        }
        self.columnNames = names
        self.columns = columns
        self.lineNumbers = lineNumbers
    }

    /// `text` without leading and trailing spaces, tabs and stray carriage returns (cheaper than
    /// Foundation's trimming on the hot path of 30 000 rows × dozens of cells).
    private static func trimmed(_ text: Substring) -> Substring {
        func isBlank(_ character: Character) -> Bool { character == " " || character == "\t" || character == "\r" }
        var start = text.startIndex, end = text.endIndex
        while start < end, isBlank(text[start]) { start = text.index(after: start) }
        while end > start {
            let before = text.index(before: end)
            guard isBlank(text[before]) else { break }
            end = before
        }
        return text[start..<end]
    }

    private static func parseHeader(_ cells: [Substring], path: String, line: Int) throws -> [String] {
        var names: [String] = []
        for (index, cell) in cells.enumerated() {
            var name = String(Self.trimmed(cell))
            if name.count >= 2 && name.hasPrefix("\"") && name.hasSuffix("\"") {
                name = String(Self.trimmed(name.dropFirst().dropLast()))
            }
            guard !name.isEmpty else {
                throw MetricsInputError(path: path, line: line, reason: "header column \(index + 1) has no name")
            }
            guard !names.contains(name) else {
                throw MetricsInputError(path: path, line: line, column: name, reason: "appears twice in the header")
            }
            names.append(name)
        }
        return names
    }
}
