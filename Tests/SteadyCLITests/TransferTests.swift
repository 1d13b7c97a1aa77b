import Foundation
import Testing

/// `steady transfer` on a tiny budget: its table (CSV and markdown) says what its step files
/// say, and a rerun resumes without redoing finished steps.
@Suite(.serialized) struct TransferTests {
    /// The CSV's rows as dictionaries keyed by its header.
    func rows(_ csv: String) -> [[String: String]] {
        let lines = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        guard let header = lines.first else { return [] }
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    /// success rate, mean final distance (mm) and mean continuity of a run's episodes.csv, read here.
    func episodes(_ file: URL) throws -> (count: Int, success: Double, distance: Double, continuity: Double) {
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").dropFirst()
        let fields = lines.map { $0.split(separator: ",").map { Double($0)! } }
        let n = Double(fields.count)
        return (fields.count, fields.map { $0[2] }.reduce(0, +) / n, fields.map { $0[3] }.reduce(0, +) / n,
                fields.map { $0[5] }.reduce(0, +) / n)
    }

    func value(_ text: String?) -> Double { Double(text ?? "") ?? .nan }

    @Test func aTinyStudysTableAgreesWithItsStepFilesAndARerunResumes() throws {
        let out = try scratchDirectory("transfer")
        defer { try? FileManager.default.removeItem(at: out) }
        let arguments = ["transfer", "--robot", "so101", "--task", "reach", "--steps", "300", "--sim-episodes", "3",
                         "--runtime-episodes", "2", "--fine-tune-episodes", "2", "--utd", "1", "--fine-tune-learning-starts", "20",
                         "--out", out.path]
        let first = try steady(arguments)
        #expect(first.status == 0, "\(first.output)")
        let csv = try String(contentsOf: out.appendingPathComponent("transfer.csv"), encoding: .utf8)
        let markdown = try String(contentsOf: out.appendingPathComponent("transfer.md"), encoding: .utf8)
        #expect(first.output.contains(markdown), "the table is printed at the end")
        let table = rows(csv)
        #expect(table.map { $0["condition"] } == ["with randomization", "without randomization"], "\(csv)")
        for (row, name) in zip(table, ["with-randomization", "without-randomization"]) {
            let directory = out.appendingPathComponent(name)
            for (file, prefix) in [("eval-nominal.json", "sim"), ("eval-shifted.json", "shifted_sim")] {
                let data = try #require(FileManager.default.contents(atPath: directory.appendingPathComponent(file).path))
                let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
                let success = try #require(json["success_rate"] as? Double)
                #expect(abs(value(row["\(prefix)_success"]) - success) < 1e-5, "\(name) \(file): \(csv)")
                let distance = try #require(json["final_error"] as? Double) * 1000
                #expect(abs(value(row["\(prefix)_distance_mm"]) - distance) < 1e-3 * max(1, distance), "\(name) \(file)")
                #expect(json["episodes"] as? Int == 3)
            }
            let twin = try episodes(directory.appendingPathComponent("twin/episodes.csv"))
            #expect(twin.count == 2 && row["twin_episodes"] == "2", "\(name): \(csv)")
            #expect(abs(value(row["twin_success"]) - twin.success) < 1e-5, "\(name)")
            #expect(abs(value(row["twin_distance_mm"]) - twin.distance) < 1e-3 * max(1, twin.distance), "\(name)")
            #expect(abs(value(row["twin_continuity"]) - twin.continuity) < 1e-5 * max(1, twin.continuity), "\(name)")
            // The reach starts from the start pose, far from a drawn goal: the distance is real.
            #expect(twin.distance > 0 && twin.distance < 1000, "\(name): \(twin)")
            let tuned = try episodes(directory.appendingPathComponent("twin-finetuned/episodes.csv"))
            #expect(tuned.count == 2 && abs(value(row["finetuned_twin_success"]) - tuned.success) < 1e-5, "\(name)")
            #expect(abs(value(row["finetuned_twin_distance_mm"]) - tuned.distance) < 1e-3 * max(1, tuned.distance), "\(name)")
            let record = try #require(FileManager.default.contents(atPath: directory.appendingPathComponent("finetune.json").path))
            let minutes = try #require((try JSONSerialization.jsonObject(with: record) as? [String: Any])?["minutes"] as? Double)
            #expect(minutes > 0 && abs(value(row["finetune_minutes"]) - minutes) < 1e-4 * max(1, minutes), "\(name)")
            #expect(row["finetune_episodes"] == "2")
            #expect(try episodes(directory.appendingPathComponent("finetune/episodes.csv")).count == 2)
            // The markdown shows the same figures.
            let percent = String(format: "%.0f%%", twin.success * 100)
            #expect(markdown.contains("| \(row["condition"]!) |") && markdown.contains("\(percent) (\(Int(twin.success * 2))/2)"), "\(markdown)")
        }
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("with-randomization/train/policy/model.safetensors").path))
        let png = try #require(FileManager.default.contents(atPath: out.appendingPathComponent("transfer.png").path))
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "a PNG file")

        let again = try steady(arguments)
        #expect(again.status == 0, "\(again.output)")
        #expect(again.output.components(separatedBy: "done before").count - 1 == 12, "\(again.output)")
        #expect(try String(contentsOf: out.appendingPathComponent("transfer.csv"), encoding: .utf8) == csv)
    }

    @Test func badOptionsAreRefusedNamingThem() throws {
        let task = try steady(["transfer", "--robot", "so101", "--task", "pose"])
        #expect(task.status != 0 && task.output.contains("--task"), "\(task.output)")
        let missing = try steady(["transfer", "--robot", "so101", "--with-randomization", "/nonexistent/ckpt", "--out", "/nonexistent/out"])
        #expect(missing.status != 0 && missing.output.contains("--with-randomization"), "\(missing.output)")
        let episodes = try steady(["transfer", "--robot", "so101", "--runtime-episodes", "0"])
        #expect(episodes.status != 0 && episodes.output.contains("--runtime-episodes"), "\(episodes.output)")
    }
}
