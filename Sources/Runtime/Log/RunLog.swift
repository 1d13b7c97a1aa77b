import Foundation

/// A run log read back: its metadata, every tick record and every event.
///
/// Reads the file front to back, so a log whose writer crashed (no summary, a record cut off)
/// still yields every complete record before the damage.
public struct RunLog {
    /// The run's metadata.
    public var metadata: RunMetadata
    /// The record layout (from the joint count).
    public var layout: TickRecordLayout
    /// Tick records, `layout.stride` values each, in order.
    public var records: [Double]
    /// Events: seconds since the loop started, level, text.
    public var events: [(timeSeconds: Double, level: String, text: String)]
    /// Whether the file ended properly (Footer and closing magic); false after a crash.
    public var isComplete: Bool
    /// Where and why reading stopped before the footer (the file ends, or a record claims more
    /// bytes than remain); nil for a complete log.
    public var cutShort: String?

    /// Number of tick records.
    public var tickCount: Int { records.count / layout.stride }

    /// One value of record `tick`.
    public func value(_ field: TickRecordLayout.Field, tick: Int) -> Double {
        records[tick * layout.stride + layout.index(field)]
    }

    /// One joint's value of record `tick`.
    public func value(_ signal: TickRecordLayout.JointSignal, joint: Int, tick: Int) -> Double {
        records[tick * layout.stride + layout.index(signal, joint: joint)]
    }

    /// A whole column of a joint signal.
    public func column(_ signal: TickRecordLayout.JointSignal, joint: Int) -> [Double] {
        (0..<tickCount).map { value(signal, joint: joint, tick: $0) }
    }

    /// A whole column of a header field.
    public func column(_ field: TickRecordLayout.Field) -> [Double] {
        (0..<tickCount).map { value(field, tick: $0) }
    }

    /// For a log cut short, a warning naming `path`: why reading stopped and what was read.
    public func cutShortWarning(path: String) -> String? {
        cutShort.map { "\(path): log cut short (\($0)); the \(tickCount) ticks before that were read" }
    }

    /// Reads `RUN/run.mcap` (or the file itself when `url` is one).
    /// - Throws: `RunLogError.unreadable` naming the file.
    public static func read(_ url: URL) throws -> RunLog {
        var isDirectory: ObjCBool = false
        let file = FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
            ? url.appendingPathComponent(RunLogger.fileName) : url
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw RunLogError.unreadable(path: file.path, reason: "no such file")
        }
        return try data.withUnsafeBytes { try parse($0, path: file.path) }
    }

    /// Parses the bytes of a run log read from `path` (named in errors).
    ///
    /// Every length and count in the file is treated as hostile: a record that claims more
    /// bytes than remain ends the read (as a crash would have cut it), a field that does not fit
    /// its record is skipped, and the metadata must name a finite positive rate.
    /// - Throws: `RunLogError.unreadable` naming `path`.
    public static func parse(_ bytes: [UInt8], path: String) throws -> RunLog {
        try bytes.withUnsafeBytes { try parse($0, path: path) }
    }

    static func parse(_ bytes: UnsafeRawBufferPointer, path: String) throws -> RunLog {
        let magic = MCAPWriter.magic
        guard bytes.count >= 8, (0..<8).allSatisfy({ bytes[$0] == magic[$0] }) else {
            throw RunLogError.unreadable(path: path, reason: "does not start with the MCAP magic")
        }
        func u16(_ at: Int) -> UInt16 { UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt16.self)) }
        func u32(_ at: Int) -> UInt32 { UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self)) }
        func u64(_ at: Int) -> UInt64 { UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self)) }
        func string(_ at: inout Int, end: Int) -> String? {
            guard at + 4 <= end else { return nil }
            let length = Int(u32(at))
            guard at + 4 + length <= end else { return nil }
            defer { at += 4 + length }
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[(at + 4)..<(at + 4 + length)]), as: UTF8.self)
        }
        var position = 8
        var metadata: RunMetadata?
        var tickChannel: UInt16?, eventChannel: UInt16?
        var records: [Double] = []
        var events: [(Double, String, String)] = []
        var layout: TickRecordLayout?
        var scratch: [Double] = []
        var complete = false
        var cutShort: String?
        while position + 9 <= bytes.count {
            let opcode = bytes[position]
            let start = position + 9
            // A length past the end: cut off by a crash (or damaged); the records before it stand.
            guard u64(position + 1) <= UInt64(bytes.count - start) else {
                cutShort = "the record at byte \(position) claims \(u64(position + 1)) bytes, but \(bytes.count - start) remain"
                break
            }
            let length = Int(u64(position + 1))
            let end = start + length
            position = end
            switch opcode {
            case MCAPWriter.Opcode.channel.rawValue:
                guard length >= 4 else { continue }
                var at = start + 4
                guard let topic = string(&at, end: end) else { continue }
                let id = u16(start)
                if topic == TickMessage.topic { tickChannel = id }
                if topic == "/steady/event" { eventChannel = id }
            case MCAPWriter.Opcode.metadata.rawValue:
                var at = start
                guard let name = string(&at, end: end), name == "steady.run", at + 4 <= end,
                      Int(u32(at)) <= end - at - 4 else { continue }
                let mapEnd = at + 4 + Int(u32(at))
                at += 4
                var pairs: [(String, String)] = []
                while at < mapEnd, let key = string(&at, end: mapEnd), let value = string(&at, end: mapEnd) { pairs.append((key, value)) }
                metadata = RunMetadata(pairs: pairs)
                if let metadata {
                    layout = TickRecordLayout(jointCount: metadata.jointNames.count)
                    scratch = Array(repeating: 0, count: layout!.stride)
                }
            case MCAPWriter.Opcode.message.rawValue:
                guard length >= 22 else { continue }
                let channel = u16(start)
                let payload = UnsafeRawBufferPointer(rebasing: bytes[(start + 22)..<end])
                if channel == tickChannel, let layout {
                    let ok = scratch.withUnsafeMutableBufferPointer { TickMessage.decode(payload, layout: layout, into: $0.baseAddress!) }
                    if ok { records.append(contentsOf: scratch) }
                } else if channel == eventChannel,
                          let object = try? JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any] {
                    events.append((object["time"] as? Double ?? 0, object["level"] as? String ?? "info", object["text"] as? String ?? ""))
                }
            case MCAPWriter.Opcode.footer.rawValue:
                complete = true
            default:
                break
            }
        }
        guard let metadata, let layout else {
            throw RunLogError.unreadable(path: path, reason: "no steady.run metadata (not written by steady run, or cut off before it)")
        }
        if !complete && cutShort == nil { cutShort = "the file ends at byte \(bytes.count) without its footer" }
        return RunLog(metadata: metadata, layout: layout, records: records, events: events, isComplete: complete,
                      cutShort: complete ? nil : cutShort)
    }
}
