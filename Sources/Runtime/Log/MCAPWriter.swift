import Foundation

/// Writes an MCAP file (https://mcap.dev/spec, major version 0): unchunked and uncompressed,
/// so it can be written record by record and a crash leaves every complete record readable.
///
/// Layout: magic, Header, Schema and Channel records, Metadata, Message records …, DataEnd,
/// then a summary section (Schema, Channel, Statistics, MetadataIndex records), its
/// SummaryOffset records, Footer, magic. Readers that need an index (Foxglove, `mcap info`) use
/// the summary; a file cut short by a crash has none and is read front to back (`mcap recover`,
/// `RunLogReader`).
///
/// Records are appended to an in-memory buffer; `flush()` writes it out. Not real-time: the
/// logger thread owns it.
public final class MCAPWriter {
    /// The magic bytes that open and close every MCAP file.
    public static let magic: [UInt8] = [0x89, 0x4D, 0x43, 0x41, 0x50, 0x30, 0x0D, 0x0A]

    /// MCAP record opcodes.
    public enum Opcode: UInt8 {
        case header = 0x01, footer = 0x02, schema = 0x03, channel = 0x04, message = 0x05
        case statistics = 0x0B, metadata = 0x0C, metadataIndex = 0x0D, summaryOffset = 0x0E, dataEnd = 0x0F
    }

    private let fileDescriptor: Int32
    private let path: String
    private(set) var buffer: [UInt8] = []
    /// Bytes written to the file so far plus those buffered.
    public private(set) var offset: UInt64 = 0
    private var schemas: [(id: UInt16, name: String, encoding: String, data: [UInt8])] = []
    private var channels: [(id: UInt16, schemaID: UInt16, topic: String, encoding: String, metadata: [(String, String)])] = []
    private var metadataIndex: [(offset: UInt64, length: UInt64, name: String)] = []
    private var messageCounts: [UInt16: UInt64] = [:]
    private var firstTime: UInt64 = .max
    private var lastTime: UInt64 = 0
    private var messageTotal: UInt64 = 0

    /// Creates (truncates) the file at `url` and writes the magic and the Header record.
    /// - Throws: `SteadyFileError.writeFailed` naming the file.
    public init(url: URL, profile: String = "", library: String = "steady") throws {
        path = url.path
        fileDescriptor = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fileDescriptor >= 0 else {
            throw RunLogError.cannotWrite(path: url.path, reason: String(cString: strerror(errno)))
        }
        buffer.reserveCapacity(1 << 20)
        append(Self.magic)
        record(.header) { $0.string(profile); $0.string(library) }
    }

    deinit { close(fileDescriptor) }

    /// Adds a Schema record.
    public func addSchema(id: UInt16, name: String, encoding: String, data: [UInt8]) {
        schemas.append((id, name, encoding, data))
        record(.schema) { r in r.u16(id); r.string(name); r.string(encoding); r.u32(UInt32(data.count)); r.bytes(data) }
    }

    /// Adds a Channel record.
    public func addChannel(id: UInt16, schemaID: UInt16, topic: String, messageEncoding: String,
                           metadata: [(String, String)] = []) {
        channels.append((id, schemaID, topic, messageEncoding, metadata))
        record(.channel) { r in r.u16(id); r.u16(schemaID); r.string(topic); r.string(messageEncoding); r.map(metadata) }
    }

    /// Adds a Metadata record (name and string pairs).
    public func addMetadata(name: String, _ pairs: [(String, String)]) {
        let start = offset
        record(.metadata) { r in r.string(name); r.map(pairs) }
        metadataIndex.append((start, offset - start, name))
    }

    /// Adds a Message record on `channel`, logged at `logTimeNanoseconds`.
    public func addMessage(channel: UInt16, sequence: UInt32, logTimeNanoseconds: UInt64,
                           payload: UnsafeRawBufferPointer) {
        messageCounts[channel, default: 0] += 1
        messageTotal += 1
        firstTime = min(firstTime, logTimeNanoseconds)
        lastTime = max(lastTime, logTimeNanoseconds)
        record(.message) { r in
            r.u16(channel); r.u32(sequence); r.u64(logTimeNanoseconds); r.u64(logTimeNanoseconds)
            r.raw(payload)
        }
    }

    /// Writes the buffered records to the file.
    /// - Throws: `RunLogError.cannotWrite` naming the file.
    public func flush() throws {
        var written = 0
        while written < buffer.count {
            let result = buffer.withUnsafeBytes { write(fileDescriptor, $0.baseAddress! + written, $0.count - written) }
            if result < 0 {
                if errno == EINTR { continue }
                throw RunLogError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
            }
            written += result
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Asks the OS to put the written data on disk (`fdatasync`), so a power loss loses at most
    /// what came after.
    public func sync() { _ = fdatasync(fileDescriptor) }

    /// Ends the file: DataEnd, the summary section, summary offsets, Footer and magic; flushes
    /// and syncs.
    public func finish() throws {
        record(.dataEnd) { $0.u32(0) }
        let summaryStart = offset
        var groups: [(Opcode, UInt64, UInt64)] = []
        func group(_ opcode: Opcode, _ body: () -> Void) {
            let start = offset
            body()
            if offset > start { groups.append((opcode, start, offset - start)) }
        }
        group(.schema) {
            for s in schemas {
                record(.schema) { r in r.u16(s.id); r.string(s.name); r.string(s.encoding); r.u32(UInt32(s.data.count)); r.bytes(s.data) }
            }
        }
        group(.channel) {
            for c in channels {
                record(.channel) { r in r.u16(c.id); r.u16(c.schemaID); r.string(c.topic); r.string(c.encoding); r.map(c.metadata) }
            }
        }
        group(.statistics) {
            record(.statistics) { r in
                r.u64(messageTotal); r.u16(UInt16(schemas.count)); r.u32(UInt32(channels.count))
                r.u32(0); r.u32(UInt32(metadataIndex.count)); r.u32(0)
                r.u64(firstTime == .max ? 0 : firstTime); r.u64(lastTime)
                var counts = RecordBuilder()
                for (channel, count) in messageCounts.sorted(by: { $0.key < $1.key }) { counts.u16(channel); counts.u64(count) }
                r.u32(UInt32(counts.bytes.count)); r.bytes(counts.bytes)
            }
        }
        group(.metadataIndex) {
            for m in metadataIndex {
                record(.metadataIndex) { r in r.u64(m.offset); r.u64(m.length); r.string(m.name) }
            }
        }
        let summaryOffsetStart = offset
        for (opcode, start, length) in groups {
            record(.summaryOffset) { r in r.u8(opcode.rawValue); r.u64(start); r.u64(length) }
        }
        record(.footer) { r in r.u64(summaryStart); r.u64(summaryOffsetStart); r.u32(0) }
        append(Self.magic)
        try flush()
        sync()
    }

    private func append(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        offset += UInt64(bytes.count)
    }

    /// Appends one record: opcode, content length, content.
    private func record(_ opcode: Opcode, _ body: (inout RecordBuilder) -> Void) {
        var builder = RecordBuilder()
        body(&builder)
        buffer.append(opcode.rawValue)
        withUnsafeBytes(of: UInt64(builder.bytes.count).littleEndian) { buffer.append(contentsOf: $0) }
        buffer.append(contentsOf: builder.bytes)
        offset += 9 + UInt64(builder.bytes.count)
    }
}

/// Little-endian MCAP field encoding.
struct RecordBuilder {
    var bytes: [UInt8] = []
    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u16(_ v: UInt16) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func bytes(_ v: [UInt8]) { bytes.append(contentsOf: v) }
    mutating func raw(_ v: UnsafeRawBufferPointer) { bytes.append(contentsOf: v) }
    mutating func string(_ s: String) {
        let utf8 = Array(s.utf8)
        u32(UInt32(utf8.count))
        bytes.append(contentsOf: utf8)
    }
    mutating func map(_ pairs: [(String, String)]) {
        var inner = RecordBuilder()
        for (key, value) in pairs { inner.string(key); inner.string(value) }
        u32(UInt32(inner.bytes.count))
        bytes.append(contentsOf: inner.bytes)
    }
}

/// Errors writing or reading a run log, naming the file.
public enum RunLogError: Error, Equatable, CustomStringConvertible {
    /// The file could not be created or written.
    case cannotWrite(path: String, reason: String)
    /// The file is not a Steady run log, or is damaged before its first tick.
    case unreadable(path: String, reason: String)
    /// The run directory already holds another run's files.
    case runExists(path: String, files: [String])

    public var description: String {
        switch self {
        case let .cannotWrite(path, reason): return "\(path): cannot write the run log: \(reason)"
        case let .unreadable(path, reason): return "\(path): not a readable Steady run log: \(reason)"
        case let .runExists(path, files):
            return "\(path) already holds a run (\(files.joined(separator: ", "))): choose another --log directory, "
                + "or pass --overwrite to replace it"
        }
    }
}
