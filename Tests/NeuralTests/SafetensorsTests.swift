import Foundation
import Neural
import SteadyCore
import Testing

@Suite struct SafetensorsTests {
    /// A fresh directory for one test's files.
    func temporaryDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("neural-tests-\(UUID().uuidString)")
    }

    /// A file built byte by byte: little-endian length, header, data.
    func handBuilt(header: String, data: [UInt8]) -> Data {
        let json = Array(header.utf8)
        var bytes = (0..<8).map { UInt8(truncatingIfNeeded: UInt64(json.count) >> (8 * $0)) }
        bytes += json + data
        return Data(bytes)
    }

    func expectError(_ expected: NeuralError, _ body: () throws -> Void) {
        #expect(throws: expected) { try body() }
    }

    @Test func writerProducesTheDocumentedLayout() {
        let file = SafetensorsFile(tensors: [.init(name: "a", shape: [2], values: [1, -2])], metadata: ["k": "v"])
        let header = #"{"__metadata__":{"k":"v"},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#
        var expected: [UInt8] = [80, 0, 0, 0, 0, 0, 0, 0]       // 79 bytes of JSON + 1 space = 80
        expected += Array(header.utf8) + [0x20]
        expected += [0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0]  // 1.0, −2.0 little-endian
        #expect(Array(file.serialized()) == expected)
    }

    @Test func readerAcceptsAHandBuiltFile() throws {
        // Tensors listed out of data order, header not padded: still valid safetensors.
        let header = #"{"b":{"dtype":"F32","shape":[],"data_offsets":[8,12]},"# +
            #""a":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]},"__metadata__":{"format":"pt"}}"#
        let data: [UInt8] = [0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0, 0x00, 0x00, 0x00, 0x3F]
        let file = try SafetensorsFile(bytes: handBuilt(header: header, data: data), path: "hand.safetensors")
        #expect(file.tensors == [.init(name: "a", shape: [1, 2], values: [1, -2]), .init(name: "b", shape: [], values: [0.5])])
        #expect(file.metadata == ["format": "pt"])
    }

    @Test func roundTripThroughAFile() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("run/checkpoint.safetensors")
        let original = SafetensorsFile(
            tensors: [.init(name: "actor.0.weight", shape: [2, 3], values: [1, 2, 3, -4, 5.5, .pi]),
                      .init(name: "actor.0.bias", shape: [2], values: [-0.0, 1e-30]),
                      .init(name: "log_alpha", shape: [], values: [-1.5]),
                      .init(name: "empty", shape: [0, 4], values: [])],
            metadata: ["step": "1200", "note": "quote \" backslash \\ newline \n tab \t bell \u{7} π"])
        try original.write(to: url)
        let read = try SafetensorsFile(contentsOf: url)
        #expect(read.tensors == original.tensors)
        #expect(read.metadata == original.metadata)
        #expect(read.path == url.path)
        #expect(read == original, "equality ignores where a file was read from")
        let bytes = try Data(contentsOf: url)
        let headerLength = bytes.prefix(8).reversed().reduce(0) { $0 << 8 | Int($1) }
        #expect(headerLength % 8 == 0)
    }

    @Test func truncatedFileNamesFileAndTensor() throws {
        var generator = SeededGenerator(seed: 1)
        let network = MLP(.init(inputSize: 3, hiddenSizes: [4], outputSize: 1), maxBatch: 1, generator: &generator)
        let bytes = SafetensorsFile(tensors: network.tensors(prefix: "actor.")).serialized()
        expectError(.truncated(path: "cut.safetensors", tensor: "actor.2.bias",
                               reason: "data ends at byte 84 of the data section, which has only 82 bytes")) {
            _ = try SafetensorsFile(bytes: bytes.prefix(bytes.count - 2), path: "cut.safetensors")
        }
        #expect(throws: NeuralError.self) { _ = try SafetensorsFile(bytes: bytes.prefix(40), path: "cut") }
        do {
            _ = try SafetensorsFile(bytes: bytes.prefix(5), path: "cut")
            Issue.record("a 5-byte file was accepted")
        } catch let error as NeuralError {
            guard case .truncated(let path, nil, _) = error else { Issue.record("\(error)"); return }
            #expect(path == "cut")
        }
    }

    @Test func wrongShapeInHeaderNamesTheTensor() {
        let header = #"{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#
        expectError(.malformed(path: "bad", tensor: "w",
                               reason: "shape [3] needs 12 bytes but data_offsets [0, 8] span 8")) {
            _ = try SafetensorsFile(bytes: handBuilt(header: header, data: Array(repeating: 0, count: 8)), path: "bad")
        }
    }

    @Test func otherHeaderDefectsAreRejected() {
        let cases: [(String, Int, NeuralError)] = [
            (#"{"w":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}}"#, 4,
             .unsupportedDType(path: "f", tensor: "w", dtype: "F16")),
            (#"{"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, 8,
             .malformed(path: "f", tensor: "w", reason: "data_offsets [4, 8] should begin at 0 (gap or overlap)")),
            (#"{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, 8,
             .malformed(path: "f", tensor: nil, reason: "4 bytes after the last tensor's data")),
            (#"{"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#, 4,
             .malformed(path: "f", tensor: "w", reason: "shape is not a list of non-negative integers")),
            (#"{"w":"#, 0, .malformed(path: "f", tensor: nil, reason: "header is not valid JSON")),
            (#"[1, 2]"#, 0, .malformed(path: "f", tensor: nil, reason: "header is not a JSON object")),
        ]
        for (header, dataCount, expected) in cases {
            expectError(expected) {
                _ = try SafetensorsFile(bytes: handBuilt(header: header, data: Array(repeating: 0, count: dataCount)),
                                        path: "f")
            }
        }
        var huge = Data([0, 0, 0, 0, 0, 0, 0, 1])
        huge.append(contentsOf: [UInt8]("{}".utf8))
        #expect(throws: NeuralError.self) { _ = try SafetensorsFile(bytes: huge, path: "f") }
    }

    @Test func networkSavesAndLoadsWithPrefix() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("policy.safetensors")
        let configuration = MLP.Configuration(inputSize: 3, hiddenSizes: [8, 8], outputSize: 2, layerNorm: true)
        var generator = SeededGenerator(seed: 2)
        let saved = MLP(configuration, maxBatch: 1, generator: &generator)
        try saved.save(to: url, prefix: "actor.", metadata: ["algo": "sac"])
        let loaded = MLP(configuration, maxBatch: 1, generator: &generator)
        #expect(loaded.parameters.map(\.value.values) != saved.parameters.map(\.value.values))
        try loaded.load(from: url, prefix: "actor.")
        #expect(loaded.parameters.map(\.value.values) == saved.parameters.map(\.value.values))
        #expect(try SafetensorsFile(contentsOf: url).metadata == ["algo": "sac"])
    }

    @Test func loadingTheWrongShapeNamesTensorAndBothShapesAndChangesNothing() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("policy.safetensors")
        var generator = SeededGenerator(seed: 3)
        try MLP(.init(inputSize: 3, hiddenSizes: [8], outputSize: 1), maxBatch: 1, generator: &generator)
            .save(to: url)
        let wider = MLP(.init(inputSize: 3, hiddenSizes: [16], outputSize: 1), maxBatch: 1, generator: &generator)
        let before = wider.parameters.map(\.value.values)
        expectError(.shapeMismatch(path: url.path, tensor: "0.weight", expected: [16, 3], found: [8, 3])) {
            try wider.load(from: url)
        }
        #expect(wider.parameters.map(\.value.values) == before)
        expectError(.missingTensor(path: url.path, tensor: "critic.0.weight")) {
            try wider.load(from: url, prefix: "critic.")
        }
        let description = NeuralError.shapeMismatch(path: url.path, tensor: "0.weight", expected: [16, 3],
                                                    found: [8, 3]).description
        #expect(description.contains(url.path) && description.contains("0.weight")
                && description.contains("[8, 3]") && description.contains("[16, 3]"))
    }

    @Test func missingFileIsUnreadable() {
        #expect(throws: NeuralError.self) {
            _ = try SafetensorsFile(contentsOf: URL(fileURLWithPath: "/nonexistent/none.safetensors"))
        }
    }
}
