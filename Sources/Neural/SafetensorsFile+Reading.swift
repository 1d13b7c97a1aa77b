import Foundation

extension SafetensorsFile {
    /// The largest header accepted, as in the reference implementation (100 MB).
    static let maximumHeaderLength = 100_000_000

    /// Reads and validates the file at `url`.
    /// - Throws: `NeuralError` naming the file, and the tensor when one is at fault.
    public init(contentsOf url: URL) throws {
        let bytes: Data
        do {
            bytes = try Data(contentsOf: url)
        } catch {
            throw NeuralError.unreadable(path: url.path, reason: error.localizedDescription)
        }
        try self.init(bytes: bytes, path: url.path)
    }

    /// Parses and validates `bytes`, the contents of the file at `path`.
    ///
    /// Checks, in order: the header length fits the file and is plausible; the header is a JSON
    /// object; `__metadata__` holds only strings; every tensor has dtype F32, a non-negative
    /// shape and `data_offsets` whose span is exactly 4 × the shape's product; the spans tile
    /// the data section from 0 to its end without gap or overlap.
    /// - Throws: `NeuralError` naming `path`, and the tensor when one is at fault.
    public init(bytes: Data, path: String) throws {
        let data = [UInt8](bytes)
        guard data.count >= 8 else {
            throw NeuralError.truncated(path: path, tensor: nil,
                                        reason: "\(data.count) bytes, fewer than the 8-byte header length")
        }
        let headerLength = data[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard headerLength >= 2, headerLength <= UInt64(Self.maximumHeaderLength) else {
            throw NeuralError.malformed(path: path, tensor: nil, reason: "implausible header length \(headerLength)")
        }
        let dataStart = 8 + Int(headerLength)
        guard dataStart <= data.count else {
            throw NeuralError.truncated(path: path, tensor: nil,
                                        reason: "header claims \(headerLength) bytes, file has \(data.count - 8) after the length")
        }
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: Data(data[8..<dataStart]))
        } catch {
            throw NeuralError.malformed(path: path, tensor: nil, reason: "header is not valid JSON")
        }
        guard let header = json as? [String: Any] else {
            throw NeuralError.malformed(path: path, tensor: nil, reason: "header is not a JSON object")
        }

        var metadata: [String: String] = [:]
        if let raw = header["__metadata__"] {
            guard let strings = raw as? [String: Any] else {
                throw NeuralError.malformed(path: path, tensor: nil, reason: "__metadata__ is not an object")
            }
            for (key, value) in strings {
                guard let text = value as? String else {
                    throw NeuralError.malformed(path: path, tensor: nil, reason: "__metadata__ value for '\(key)' is not a string")
                }
                metadata[key] = text
            }
        }

        var entries: [(name: String, shape: [Int], begin: Int, end: Int)] = []
        for (name, raw) in header where name != "__metadata__" {
            entries.append(try Self.entry(name: name, raw, path: path))
        }
        entries.sort { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }

        let dataLength = data.count - dataStart
        var expectedBegin = 0
        var tensors: [Tensor] = []
        for entry in entries {
            guard entry.begin == expectedBegin else {
                throw NeuralError.malformed(path: path, tensor: entry.name, reason:
                    "data_offsets [\(entry.begin), \(entry.end)] should begin at \(expectedBegin) (gap or overlap)")
            }
            guard entry.end <= dataLength else {
                throw NeuralError.truncated(path: path, tensor: entry.name, reason:
                    "data ends at byte \(entry.end) of the data section, which has only \(dataLength) bytes")
            }
            var values = [Float](repeating: 0, count: (entry.end - entry.begin) / 4)
            data.withUnsafeBytes { raw in
                for i in values.indices {
                    let bits = raw.loadUnaligned(fromByteOffset: dataStart + entry.begin + 4 * i, as: UInt32.self)
                    values[i] = Float(bitPattern: UInt32(littleEndian: bits))
                }
            }
            tensors.append(Tensor(name: entry.name, shape: entry.shape, values: values))
            expectedBegin = entry.end
        }
        guard expectedBegin == dataLength else {
            throw NeuralError.malformed(path: path, tensor: nil, reason:
                "\(dataLength - expectedBegin) bytes after the last tensor's data")
        }
        self.init(tensors: tensors, metadata: metadata, path: path)
    }

    /// Validates one header entry.
    private static func entry(name: String, _ raw: Any, path: String) throws
        -> (name: String, shape: [Int], begin: Int, end: Int) {
        func malformed(_ reason: String) -> NeuralError {
            .malformed(path: path, tensor: name, reason: reason)
        }
        guard let fields = raw as? [String: Any] else { throw malformed("entry is not an object") }
        guard let dtype = fields["dtype"] as? String else { throw malformed("missing dtype") }
        guard dtype == "F32" else { throw NeuralError.unsupportedDType(path: path, tensor: name, dtype: dtype) }
        guard let shape = integers(fields["shape"]), shape.allSatisfy({ $0 >= 0 }) else {
            throw malformed("shape is not a list of non-negative integers")
        }
        guard let offsets = integers(fields["data_offsets"]), offsets.count == 2,
              offsets[0] >= 0, offsets[0] <= offsets[1] else {
            throw malformed("data_offsets is not [begin, end] with 0 ≤ begin ≤ end")
        }
        var elements = 1
        for dimension in shape {
            let (product, overflow) = elements.multipliedReportingOverflow(by: dimension)
            guard !overflow, product <= Int.max / 4 else { throw malformed("shape \(shape) is too large") }
            elements = product
        }
        guard elements * 4 == offsets[1] - offsets[0] else {
            throw malformed("shape \(shape) needs \(elements * 4) bytes but data_offsets "
                            + "[\(offsets[0]), \(offsets[1])] span \(offsets[1] - offsets[0])")
        }
        return (name, shape, offsets[0], offsets[1])
    }

    /// A JSON array of integers as `[Int]`, or nil if it is anything else.
    private static func integers(_ raw: Any?) -> [Int]? {
        guard let array = raw as? [Any] else { return nil }
        var result: [Int] = []
        for element in array {
            // Integers up to 2^53 survive the round trip through Double exactly.
            guard let number = element as? NSNumber, let value = Int(exactly: number.doubleValue),
                  abs(value) < 1 << 53 else { return nil }
            result.append(value)
        }
        return result
    }
}
