import Foundation

/// A log file rows are appended to as they come (progress.csv, actors.csv): created with its
/// header when new, appended to when it exists (a resumed run), each write unbuffered.
final class AppendingTextFile {
    private let handle: FileHandle

    /// Opens `url` for appending, writing `header` first when the file does not exist yet.
    init(url: URL, header: String) throws {
        if !FileManager.default.fileExists(atPath: url.path) {
            try Data(header.utf8).write(to: url)
        }
        handle = try FileHandle(forWritingTo: url)
        handle.seekToEndOfFile()
    }

    deinit { try? handle.close() }

    /// Appends `text` as is.
    func append(_ text: String) { handle.write(Data(text.utf8)) }
}
