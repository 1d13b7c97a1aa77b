/// One TensorBoard `Event` (tensorflow/core/util/event.proto): a wall time, a step, and either
/// the file's version line or a `Summary` of scalar values.
///
/// Only the fields Steady writes are modelled:
///
///     message Event { double wall_time = 1; int64 step = 2;
///                     oneof what { string file_version = 3; Summary summary = 5; ... } }
///     message Summary { repeated Value value = 1; }
///     message Summary.Value { string tag = 1; oneof value { float simple_value = 2; ... } }
public struct TensorBoardEvent: Equatable, Sendable {
    /// What an event carries.
    public enum Content: Equatable, Sendable {
        /// The first event of every file: `brain.Event:2`.
        case fileVersion(String)
        /// Scalar summaries, each a tag and a `simple_value`.
        case scalars([TensorBoardScalar])
    }

    /// The version line TensorBoard expects first in a file.
    public static let fileVersion = "brain.Event:2"

    /// Seconds since the Unix epoch.
    public var wallTime: Double
    /// The x axis of TensorBoard's charts (environment steps, ticks).
    public var step: Int64
    public var content: Content

    /// Creates an event.
    public init(wallTime: Double, step: Int64, content: Content) {
        self.wallTime = wallTime
        self.step = step
        self.content = content
    }

    /// The event's protocol-buffer bytes (the data of one TFRecord). Step 0 is left out, as
    /// protobuf leaves out every default value.
    public func encoded() -> [UInt8] {
        var event = ProtobufWriter()
        event.double(1, wallTime)
        if step != 0 { event.int64(2, step) }
        switch content {
        case let .fileVersion(version):
            event.lengthDelimited(3, Array(version.utf8))
        case let .scalars(scalars):
            var summary = ProtobufWriter()
            for scalar in scalars {
                var value = ProtobufWriter()
                value.lengthDelimited(1, Array(scalar.tag.utf8))
                value.float(2, scalar.value)
                summary.lengthDelimited(1, value.bytes)
            }
            event.lengthDelimited(5, summary.bytes)
        }
        return event.bytes
    }

    /// Decodes an event Steady could have written; fields it does not model are skipped.
    /// - Throws: `TensorBoardEventError.malformed` for bytes that are not such an event.
    public init(decoding bytes: [UInt8]) throws {
        var reader = ProtobufReader(bytes)
        var wallTime = 0.0, step: Int64 = 0
        var content: Content?
        while let (field, value) = try reader.next() {
            switch (field, value) {
            case let (1, .fixed64(bits)): wallTime = Double(bitPattern: bits)
            case let (2, .varint(raw)): step = Int64(bitPattern: raw)
            case let (3, .bytes(text)): content = .fileVersion(String(decoding: text, as: UTF8.self))
            case let (5, .bytes(summary)): content = .scalars(try Self.scalars(inSummary: summary))
            default: continue
            }
        }
        guard let content else { throw TensorBoardEventError.malformed("an event with neither file_version nor summary") }
        self.init(wallTime: wallTime, step: step, content: content)
    }

    private static func scalars(inSummary bytes: [UInt8]) throws -> [TensorBoardScalar] {
        var reader = ProtobufReader(bytes), scalars: [TensorBoardScalar] = []
        while let (field, value) = try reader.next() {
            guard field == 1, case let .bytes(valueBytes) = value else { continue }
            var valueReader = ProtobufReader(valueBytes)
            var tag: String?, number: Float?
            while let (valueField, fieldValue) = try valueReader.next() {
                switch (valueField, fieldValue) {
                case let (1, .bytes(text)): tag = String(decoding: text, as: UTF8.self)
                case let (2, .fixed32(bits)): number = Float(bitPattern: bits)
                default: continue
                }
            }
            guard let tag, let number else { throw TensorBoardEventError.malformed("a summary value without tag or simple_value") }
            scalars.append(TensorBoardScalar(tag, number))
        }
        return scalars
    }
}

/// One scalar of a TensorBoard summary: a tag such as `rollout/ep_rew_mean` and its value.
public struct TensorBoardScalar: Equatable, Sendable {
    /// The chart's name; the part before the first `/` is TensorBoard's section.
    public var tag: String
    /// The value (TensorBoard stores `simple_value` as a 32-bit float).
    public var value: Float

    /// Creates a scalar.
    public init(_ tag: String, _ value: Float) {
        self.tag = tag
        self.value = value
    }

    /// Creates a scalar from a `Double`.
    public init(_ tag: String, _ value: Double) {
        self.init(tag, Float(value))
    }
}

/// Bytes that are not a TensorBoard event Steady can read.
public enum TensorBoardEventError: Error, Equatable, CustomStringConvertible {
    case malformed(String)

    public var description: String {
        switch self {
        case let .malformed(reason): return "not a TensorBoard event: \(reason)"
        }
    }
}
