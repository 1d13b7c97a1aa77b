import Foundation
import Plot
import Testing

/// `steady study exploration` on a tiny grid: 2 configurations × 2 seeds × 400 Pendulum steps.
@Suite(.serialized) struct ExplorationStudyTests {
    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    func studyArguments(out: URL, grid: URL, steps: Int = 400) -> [String] {
        ["study", "exploration", "--env", "pendulum", "--seeds", "1,2", "--steps", String(steps), "--net", "16,16",
         "--jobs", "2", "--grid", grid.path, "--out", out.path, "--", "--learning-starts", "100", "--batch", "32"]
    }

    func json(_ url: URL) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    /// A summary.md row's cells, by configuration name (the first table that has it wins).
    func summaryRow(_ summary: String, configuration: String, table: String) throws -> [String] {
        let section = try #require(summary.components(separatedBy: "## " + table).dropFirst().first)
        let line = try #require(section.split(separator: "\n").first { $0.hasPrefix("| \(configuration) ") })
        return line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// Checks "m ± s" against values computed here to the digits printed.
    func expectMeanStd(_ cell: String, _ values: [Double], sourceLocation: SourceLocation = #_sourceLocation) {
        let mean = values.reduce(0, +) / Double(values.count)
        let std = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)).squareRoot()
        let parts = cell.components(separatedBy: " ± ")
        #expect(parts.count == 2, "\(cell)", sourceLocation: sourceLocation)
        for (text, expected) in zip(parts, [mean, std]) {
            let decimals = text.split(separator: ".").dropFirst().first?.count ?? 0
            let printed = Double(text) ?? .nan
            #expect(abs(printed - expected) <= 0.5 * pow(10, -Double(decimals)) + 1e-12, "\(text) vs \(expected)",
                    sourceLocation: sourceLocation)
        }
    }

    /// A PNG's chunks are whole, CRCs check, and it ends with IEND.
    func expectPNG(_ url: URL) throws {
        let bytes = [UInt8](try Data(contentsOf: url))
        #expect(bytes.starts(with: Self.pngSignature), "\(url.lastPathComponent)")
        var at = 8, types = [String]()
        func word(_ i: Int) -> Int { bytes[i..<i + 4].reduce(0) { $0 << 8 | Int($1) } }
        while at + 12 <= bytes.count {
            let length = word(at)
            try #require(at + 12 + length <= bytes.count)
            let typeAndData = Array(bytes[(at + 4)..<(at + 8 + length)])
            #expect(UInt32(word(at + 8 + length)) == CRC32.checksum(typeAndData))
            types.append(String(decoding: typeAndData.prefix(4), as: UTF8.self))
            at += 12 + length
        }
        #expect(at == bytes.count && types.first == "IHDR" && types.last == "IEND", "\(url.lastPathComponent): \(types)")
    }

    @Test func tinyGridWritesTablesCSVAndPlotsThenResumesOnlyTheMissingRun() throws {
        let out = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("steady-study-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: out) }
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let grid = out.appendingPathComponent("grid.txt")
        try "# tiny grid\ngaussian-i1\n\ngsde-i8\n".write(to: grid, atomically: true, encoding: .utf8)
        let first = try steady(studyArguments(out: out, grid: grid))
        #expect(first.status == 0, "\(first.output)")
        #expect(first.output.contains("0 finished, 4 to run"), "\(first.output)")

        let names = ["gaussian-i1-s1", "gaussian-i1-s2", "gsde-i8-s1", "gsde-i8-s2"]
        let runs = out.appendingPathComponent("runs")
        let csv = try String(contentsOf: out.appendingPathComponent("runs.csv"), encoding: .utf8).split(separator: "\n")
        let header = csv[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        #expect(header.prefix(4) == ["run", "config", "family", "interval"] && header.contains("continuity_cost")
                && header.contains("final_return") && header.contains("rms_jerk"))
        #expect(csv.count == 5 && csv.dropFirst().map { String($0.prefix { $0 != "," }) } == names)

        let summary = try String(contentsOf: out.appendingPathComponent("summary.md"), encoding: .utf8)
        var medianCost = [String: Double]()
        for configuration in ["gaussian-i1", "gsde-i8"] {
            let evals = try [1, 2].map { try json(runs.appendingPathComponent("\(configuration)-s\($0)/eval.json")) }
            let wears = try [1, 2].map { try json(runs.appendingPathComponent("\(configuration)-s\($0)/wear.json")) }
            medianCost[configuration] = wears.map { $0["continuity_cost"] as! Double }.reduce(0, +) / 2  // two seeds
            let row = try summaryRow(summary, configuration: configuration, table: "Sampling interval")
            #expect(row[1] == "2")
            expectMeanStd(row[2], evals.map { $0["mean_return"] as! Double })
            expectMeanStd(row[3], wears.map { $0["continuity_cost"] as! Double })
            expectMeanStd(row[6], wears.map { $0["rms_jerk"] as! Double })
        }
        // The comparison's median columns: for two seeds, the mean of both; the ratio to gaussian's.
        let comparison = try summaryRow(summary, configuration: "gsde-i8", table: "Interval 8 against per-step gaussian noise")
        let median = try #require(Double(comparison[5])), ratio = try #require(Double(comparison[6]))
        let expected = try #require(medianCost["gsde-i8"]) / #require(medianCost["gaussian-i1"])
        #expect(abs(median - medianCost["gsde-i8"]!) <= 0.006 * max(1, median), "\(comparison)")
        #expect(abs(ratio - expected) <= 0.0006 + 0.01 * expected, "\(comparison) vs \(expected)")
        for name in ["return_vs_interval.png", "continuity_vs_interval.png", "return_vs_continuity.png"] {
            try expectPNG(out.appendingPathComponent(name))
        }

        // Resume: delete one run; only it is trained again.
        func modified(_ name: String) throws -> Date {
            try #require(try FileManager.default.attributesOfItem(atPath: runs.appendingPathComponent("\(name)/eval.json").path)[.modificationDate] as? Date)
        }
        let before = try names.map(modified)
        try FileManager.default.removeItem(at: runs.appendingPathComponent("gsde-i8-s2"))
        let second = try steady(studyArguments(out: out, grid: grid))
        #expect(second.status == 0, "\(second.output)")
        #expect(second.output.contains("3 finished, 1 to run") && second.output.contains("[4/4] gsde-i8-s2 done"), "\(second.output)")
        let after = try names.map(modified)
        #expect(Array(after.prefix(3)) == Array(before.prefix(3)))
        #expect(after[3] > before[3])

        // Other settings in the same directory are refused, naming study.json.
        let other = try steady(studyArguments(out: out, grid: grid, steps: 500))
        #expect(other.status != 0 && other.output.contains("study.json") && other.output.contains("steps"), "\(other.output)")
    }

    @Test func aGridFileWithAnUnknownConfigurationNamesTheFileAndLine() throws {
        let grid = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("steady-grid-\(UUID().uuidString.prefix(8)).txt")
        defer { try? FileManager.default.removeItem(at: grid) }
        try "gsde-i8\nparam-maybe-i8\n".write(to: grid, atomically: true, encoding: .utf8)
        let result = try steady(["study", "exploration", "--env", "pendulum", "--grid", grid.path, "--out", NSTemporaryDirectory() + "unused-study"])
        #expect(result.status != 0 && result.output.contains("\(grid.path):2") && result.output.contains("param-maybe-i8"), "\(result.output)")
    }

    @Test func badStudyOptionsAreRefusedNamingTheOption() throws {
        let base = ["study", "exploration", "--env", "pendulum", "--out", NSTemporaryDirectory() + "unused-study"]
        for (extra, expected) in [(["--jobs", "0"], "[1, 64] jobs"), (["--seeds", "1,x"], "--seeds"), (["--algo", "sac"], "--algo sac")] {
            let result = try steady(base + extra)
            #expect(result.status != 0 && result.output.contains(expected), "\(extra): \(result.output)")
        }
        // A sidecar's actors are built from the exploration kind alone, so only train takes these.
        let sidecar = try steady(["sidecar", "--env", "pendulum", "--algo", "td3", "--explore", "param", "--no-param-adapt",
                                  "--run-dir", NSTemporaryDirectory() + "never-sidecar"])
        #expect(sidecar.status != 0 && sidecar.output.contains("--no-param-adapt"), "\(sidecar.output)")
    }
}
