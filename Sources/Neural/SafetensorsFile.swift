import Foundation
import SteadyCore

/// A safetensors checkpoint holding F32 tensors and string metadata, readable by Python's
/// `safetensors` package.
///
/// Layout: an 8-byte little-endian header length N; N bytes of JSON header mapping each tensor
/// name to `{"dtype":"F32","shape":[…],"data_offsets":[begin,end]}` (offsets relative to the
/// data section) plus an optional `"__metadata__"` object of strings, padded with spaces so
/// that N is a multiple of 8; then the tensors' little-endian bytes, back to back.
public struct SafetensorsFile: Equatable {
    /// One named tensor with its row-major values.
    public struct Tensor: Equatable {
        /// The tensor's key, e.g. `actor.0.weight`.
        public var name: String
        /// Dimensions, outermost first; `[]` is a scalar.
        public var shape: [Int]
        /// Row-major values; `values.count` is the product of `shape`.
        public var values: [Float]

        /// Creates a tensor, checking that `values` fills `shape`.
        public init(name: String, shape: [Int], values: [Float]) {
            precondition(shape.allSatisfy { $0 >= 0 } && shape.reduce(1, *) == values.count,
                         "SafetensorsFile.Tensor \(name): \(values.count) values for shape \(shape)")
            self.name = name
            self.shape = shape
            self.values = values
        }
    }

    /// The tensors, in data order.
    public var tensors: [Tensor]
    /// The `__metadata__` strings.
    public var metadata: [String: String]
    /// Where the file was read from, for error messages; `(in memory)` otherwise.
    public var path: String

    /// Creates an in-memory file.
    public init(tensors: [Tensor] = [], metadata: [String: String] = [:], path: String = "(in memory)") {
        self.tensors = tensors
        self.metadata = metadata
        self.path = path
    }

    /// Files are equal when their tensors and metadata are; where they came from does not count.
    public static func == (lhs: SafetensorsFile, rhs: SafetensorsFile) -> Bool {
        lhs.tensors == rhs.tensors && lhs.metadata == rhs.metadata
    }

    /// The tensor named `name`, if any.
    public subscript(name: String) -> Tensor? {
        tensors.first { $0.name == name }
    }

    /// The file's bytes. Tensors are laid out in `tensors` order; metadata keys are sorted, so
    /// equal contents give equal bytes.
    public func serialized() -> Data {
        var names = Set<String>()
        for tensor in tensors {
            precondition(tensor.name != "__metadata__" && names.insert(tensor.name).inserted,
                         "SafetensorsFile: tensor name '\(tensor.name)' is reserved or repeated")
        }
        var entries: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.keys.sorted().map { "\(Self.jsonString($0)):\(Self.jsonString(metadata[$0]!))" }
            entries.append("\"__metadata__\":{\(pairs.joined(separator: ","))}")
        }
        var offset = 0
        for tensor in tensors {
            let end = offset + tensor.values.count * MemoryLayout<Float>.size
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            entries.append("\(Self.jsonString(tensor.name)):{\"dtype\":\"F32\",\"shape\":[\(shape)],"
                           + "\"data_offsets\":[\(offset),\(end)]}")
            offset = end
        }
        var header = Array("{\(entries.joined(separator: ","))}".utf8)
        header.append(contentsOf: repeatElement(UInt8(ascii: " "), count: (8 - header.count % 8) % 8))

        var bytes = Data(capacity: 8 + header.count + offset)
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: header)
        for tensor in tensors {
            for value in tensor.values {
                withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
            }
        }
        return bytes
    }

    /// Writes the file atomically (temporary file, then rename).
    /// - Throws: `SteadyFileError.writeFailed` naming the file.
    public func write(to url: URL) throws {
        try AtomicFile.write(serialized(), to: url)
    }

    /// A JSON string literal for `text`.
    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
