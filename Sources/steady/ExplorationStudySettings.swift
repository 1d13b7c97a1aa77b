import Foundation
import SteadyCore

/// study.json: what a study directory's runs were trained with. A rerun with other settings
/// would mix incomparable runs under the same names, so it is refused.
struct ExplorationStudySettings: Codable, Equatable {
    var environment: String
    var algorithm: String
    var steps: Int
    var net: String
    var trainArguments: [String]

    enum CodingKeys: String, CodingKey {
        case environment, algorithm, steps, net
        case trainArguments = "train_arguments"
    }

    static func url(in directory: URL) -> URL { directory.appendingPathComponent("study.json") }

    /// Reads a study directory's settings.
    /// - Throws: `SteadyFileError` naming study.json when it is missing or malformed.
    static func load(from directory: URL) throws -> ExplorationStudySettings {
        let url = url(in: directory)
        guard let data = try? Data(contentsOf: url) else { throw SteadyFileError.notFound(path: url.path) }
        do {
            return try JSONDecoder().decode(ExplorationStudySettings.self, from: data)
        } catch {
            throw SteadyFileError.malformed(path: url.path, line: nil, field: nil, reason: "not a study's settings: \(error)")
        }
    }

    /// Saves these settings, or checks them against those already in `directory`.
    /// - Throws: a `ValidationError`-style message naming study.json and the setting that differs.
    func checkAndSave(in directory: URL) throws {
        let url = Self.url(in: directory)
        if FileManager.default.fileExists(atPath: url.path) {
            let saved = try Self.load(from: directory)
            let differences = [("env", saved.environment, environment), ("algo", saved.algorithm, algorithm),
                               ("steps", String(saved.steps), String(steps)), ("net", saved.net, net),
                               ("train arguments", saved.trainArguments.joined(separator: " "), trainArguments.joined(separator: " "))]
                .filter { $0.1 != $0.2 }
            if let (name, old, new) = differences.first {
                throw SteadyFileError.malformed(path: url.path, line: nil, field: name,
                    reason: "this study was run with '\(old)', not '\(new)': use the same settings or another --out")
            }
            return
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try encoder.encode(self), to: url)
    }
}
