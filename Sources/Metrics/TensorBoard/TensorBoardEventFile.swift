import Foundation

/// Reads TensorBoard event files back: Steady's own check that what `TensorBoardWriter` wrote
/// is whole (every CRC), starts with the version event, and holds the scalars it should.
public struct TensorBoardEventFile: Sendable {
    /// The file read.
    public let url: URL
    /// Its events in file order, the version event first.
    public let events: [TensorBoardEvent]

    /// Reads and checks `url`.
    /// - Throws: `TensorBoardReadError` naming the file and what is wrong.
    public init(contentsOf url: URL) throws {
        self.url = url
        let bytes: [UInt8]
        do {
            bytes = Array(try Data(contentsOf: url))
        } catch {
            throw TensorBoardReadError(path: url.path, reason: "cannot read: \(error.localizedDescription)")
        }
        do {
            events = try TFRecord.records(in: bytes).map(TensorBoardEvent.init(decoding:))
        } catch {
            throw TensorBoardReadError(path: url.path, reason: "\(error)")
        }
        guard events.first?.content == .fileVersion(TensorBoardEvent.fileVersion) else {
            throw TensorBoardReadError(path: url.path, reason: "the first event is not file_version \(TensorBoardEvent.fileVersion)")
        }
    }

    /// The event files in `directory` (names containing `tfevents`), oldest name first.
    public static func files(in directory: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.contains("tfevents") }.sorted().map { directory.appendingPathComponent($0) }
    }

    /// Every tag that has a scalar, sorted.
    public var tags: [String] {
        Set(events.flatMap { event -> [String] in
            guard case let .scalars(scalars) = event.content else { return [] }
            return scalars.map(\.tag)
        }).sorted()
    }

    /// The (step, value) points of `tag`, in file order.
    public func scalars(_ tag: String) -> [(step: Int64, value: Float)] {
        events.flatMap { event -> [(step: Int64, value: Float)] in
            guard case let .scalars(scalars) = event.content else { return [] }
            return scalars.filter { $0.tag == tag }.map { (event.step, $0.value) }
        }
    }
}

/// An event file that cannot be read back whole.
public struct TensorBoardReadError: Error, Equatable, CustomStringConvertible {
    /// The file.
    public var path: String
    /// What is wrong.
    public var reason: String

    public var description: String { "\(path): \(reason)" }
}
