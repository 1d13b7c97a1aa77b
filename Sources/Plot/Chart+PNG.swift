import Foundation

/// A chart file could not be written; names the file.
public struct PlotWriteError: Error, CustomStringConvertible, Equatable {
    public let path: String
    public let reason: String
    public var description: String { "\(path): could not write the plot: \(reason)" }
}

extension Chart {
    /// The chart as PNG bytes.
    public func pngData(width: Int = 800, height: Int = 500) -> [UInt8] {
        render(width: width, height: height).pngData()
    }

    /// Writes the chart as a PNG file atomically (a temporary file beside it, then `rename`),
    /// creating the parent directory when needed.
    /// - Throws: `PlotWriteError` naming `url`'s path.
    public func writePNG(to url: URL, width: Int = 800, height: Int = 500) throws {
        try render(width: width, height: height).writePNG(to: url)
    }
}

extension RGBImage {
    /// Writes the image as a PNG file atomically; throws `PlotWriteError` naming the path.
    public func writePNG(to url: URL) throws {
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(pngData()).write(to: temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw PlotWriteError(path: url.path, reason: (error as NSError).localizedDescription)
        }
        if rename(temporary.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw PlotWriteError(path: url.path, reason: reason)
        }
    }
}
