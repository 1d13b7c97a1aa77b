import Foundation

/// Writes user-facing files atomically: a temporary file in the same directory, then `rename`.
///
/// A crash mid-write leaves either the old file or the new one, never a torn mix.
public enum AtomicFile {
    /// Writes `data` to `url`, creating the parent directory when needed.
    /// - Throws: `SteadyFileError.writeFailed` naming the file.
    public static func write(_ data: Data, to url: URL) throws {
        let directory = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
            try data.write(to: temporary)
            if rename(temporary.path, url.path) != 0 {
                let code = errno
                try? FileManager.default.removeItem(at: temporary)
                throw SteadyFileError.writeFailed(path: url.path, reason: String(cString: strerror(code)))
            }
        } catch let error as SteadyFileError {
            throw error
        } catch {
            throw SteadyFileError.writeFailed(path: url.path, reason: error.localizedDescription)
        }
    }

    /// Writes a UTF-8 string atomically.
    public static func write(_ text: String, to url: URL) throws {
        try write(Data(text.utf8), to: url)
    }
}

/// Errors reading or writing a file the user cares about. Each names the file.
public enum SteadyFileError: Error, CustomStringConvertible, Equatable {
    case notFound(path: String)
    case writeFailed(path: String, reason: String)
    case malformed(path: String, line: Int?, field: String?, reason: String)

    public var description: String {
        switch self {
        case .notFound(let path):
            return "\(path): no such file"
        case .writeFailed(let path, let reason):
            return "\(path): could not write: \(reason)"
        case .malformed(let path, let line, let field, let reason):
            var location = path
            if let line { location += ":\(line)" }
            if let field { return "\(location): field '\(field)': \(reason)" }
            return "\(location): \(reason)"
        }
    }
}
