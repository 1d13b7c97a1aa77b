import Foundation
import Testing

/// Issue 15, item 6: run logs whose record lengths are hostile crashed `steady export-csv` and
/// `steady metrics` (exit 132). Now a log with no readable metadata is refused naming the file,
/// and one damaged after its metadata is read up to the damage, with a warning saying where.
@Suite(.serialized) struct RunLogDamageTests {
    /// A short real run's directory.
    func recordedRun() throws -> URL {
        let twin = try TwinProcess(robot: "so101", arguments: ["--physics", "none"])
        defer { _ = twin.stop() }
        let directory = try scratchDirectory("damage")
        let run = try steady(["run", "--robot", "so101", "--port", twin.link, "--policy", "sine", "--duration", "0.5",
                              "--soft-start", "0.1", "--no-realtime", "--quiet", "--log", directory.path])
        try #require(run.status == 0, "\(run.output)")
        return directory
    }

    /// A copy of `run`'s log in a new directory with `change` applied to its bytes.
    func damagedCopy(of run: URL, _ change: (inout [UInt8]) -> Void) throws -> URL {
        var bytes = [UInt8](try Data(contentsOf: run.appendingPathComponent("run.mcap")))
        change(&bytes)
        let directory = try scratchDirectory("damaged")
        try Data(bytes).write(to: directory.appendingPathComponent("run.mcap"))
        return directory
    }

    /// The byte offset of the `n`th message record (opcode 5), walking the records from the magic.
    func messageRecord(_ n: Int, in bytes: [UInt8]) -> Int? {
        var position = 8, seen = 0
        while position + 9 <= bytes.count {
            let length = (0..<8).reduce(0) { $0 | Int(bytes[position + 1 + $1]) << (8 * $1) }
            if bytes[position] == 5 { seen += 1 }
            if seen == n { return position }
            position += 9 + length
        }
        return nil
    }

    @Test func hostileRecordLengthsAreRefusedOrReadUpToTheDamageNeverACrash() throws {
        let run = try recordedRun()
        defer { try? FileManager.default.removeItem(at: run) }
        // Bytes 9–16: the first record's length, all ones. Nothing can be read: refused.
        let allOnes = try damagedCopy(of: run) { $0.replaceSubrange(9..<17, with: repeatElement(0xFF, count: 8)) }
        defer { try? FileManager.default.removeItem(at: allOnes) }
        for arguments in [["export-csv", allOnes.path, "-o", "-"], ["metrics", allOnes.path]] {
            let result = try steady(arguments)
            #expect(result.status == 1, "\(arguments): \(result.output)")
            #expect(result.output.contains("\(allOnes.path)/run.mcap: not a readable Steady run log: no steady.run metadata"),
                    "\(result.output)")
        }

        // The 20th tick's record claims 2⁶³ − 5 bytes: the ticks before it stand, and both say so.
        var offset = 0
        let huge = try damagedCopy(of: run) { bytes in
            offset = messageRecord(20, in: bytes) ?? 0
            bytes.replaceSubrange(offset + 1..<offset + 9, with: (0..<8).map { UInt8(truncatingIfNeeded: (Int.max - 4) >> (8 * $0)) })
        }
        defer { try? FileManager.default.removeItem(at: huge) }
        try #require(offset > 0)
        for arguments in [["export-csv", huge.path, "-o", "/dev/null"], ["metrics", huge.path]] {
            let result = try steady(arguments)
            #expect(result.status == 0, "\(arguments): \(result.output)")
            #expect(result.output.contains("log cut short (the record at byte \(offset) claims 9223372036854775803 bytes, but "),
                    "\(result.output)")
            // 20 messages came before the damage, the first ones events (the start pose), the rest ticks.
            let pattern = try Regex("the ([0-9]+) ticks before that were read")
            let read = result.output.firstMatch(of: pattern).flatMap { $0.output[1].substring.flatMap { Int($0) } }
            #expect(read.map { (15..<20).contains($0) } == true, "\(result.output)")
        }
    }
}
