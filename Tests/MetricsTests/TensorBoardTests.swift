import Foundation
import XCTest
@testable import Metrics

/// CRC-32C, TFRecord framing and TensorBoard events against published and hand-computed bytes,
/// and a written event file read back.
final class TensorBoardTests: XCTestCase {
    func testCRC32CPublishedVectors() {
        // The check value of CRC-32C, and RFC 3720 (iSCSI) appendix B.4: 32 bytes of 0x00, of 0xFF.
        XCTAssertEqual(CRC32C.checksum(Array("123456789".utf8)), 0xE306_9283)
        XCTAssertEqual(CRC32C.checksum([UInt8](repeating: 0, count: 32)), 0x8A91_36AA)
        XCTAssertEqual(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)), 0x62A8_AB43)
        XCTAssertEqual(CRC32C.checksum([UInt8]()), 0)
    }

    func testMaskedCRCByHand() {
        // 0xE3069283 >> 15 = 0x0001C60D; (0xE3069283 << 17) mod 2³² = 0x1283 << 17 = 0x25060000;
        // together 0x2507C60D; + 0xA282EAD8 = 0xC78AB0E5 (mod 2³²).
        XCTAssertEqual(CRC32C.masked(0xE306_9283), 0xC78A_B0E5)
    }

    /// Event(wall_time 1.5, step 3, summary { value { tag "a" simple_value 2.0 } }), by hand.
    static let knownEvent: [UInt8] = [
        0x09,                                                  // field 1 (wall_time), wire type 1 (64-bit)
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF8, 0x3F,        // 1.5 = 0x3FF8000000000000, little-endian
        0x10, 0x03,                                            // field 2 (step), varint: 3
        0x2A, 0x0A,                                            // field 5 (summary), length-delimited: 10 bytes
        0x0A, 0x08,                                            //   Summary field 1 (value): 8 bytes
        0x0A, 0x01, 0x61,                                      //     Value field 1 (tag): "a"
        0x15, 0x00, 0x00, 0x00, 0x40,                          //     Value field 2 (simple_value), 32-bit: 2.0f
    ]

    func testKnownEventBytes() throws {
        let event = TensorBoardEvent(wallTime: 1.5, step: 3, content: .scalars([TensorBoardScalar("a", Float(2))]))
        XCTAssertEqual(event.encoded(), Self.knownEvent)
        XCTAssertEqual(try TensorBoardEvent(decoding: Self.knownEvent), event)
    }

    func testKnownRecordBytes() throws {
        // Length 23 as 8 little-endian bytes, their masked CRC, the data, the data's masked CRC.
        // The two CRCs are also computed here with a bit-at-a-time CRC-32C (no table), and were
        // computed once more outside Swift: 0x1EF8CEE7 and 0x9D3A1CE8.
        let length: [UInt8] = [23, 0, 0, 0, 0, 0, 0, 0]
        XCTAssertEqual(CRC32C.masked(Self.bitwiseCRC32C(length)), 0x1EF8_CEE7)
        XCTAssertEqual(CRC32C.masked(Self.bitwiseCRC32C(Self.knownEvent)), 0x9D3A_1CE8)
        let expected = length + [0xE7, 0xCE, 0xF8, 0x1E] + Self.knownEvent + [0xE8, 0x1C, 0x3A, 0x9D]
        XCTAssertEqual(TFRecord.frame(Self.knownEvent), expected)
        XCTAssertEqual(try TFRecord.records(in: expected), [Self.knownEvent])
    }

    func testFileVersionEventBytes() {
        // field 1 wall_time 0.0 (eight zero bytes), no step (0 is protobuf's default), field 3
        // (file_version) length 13 "brain.Event:2".
        let event = TensorBoardEvent(wallTime: 0, step: 0, content: .fileVersion("brain.Event:2"))
        XCTAssertEqual(event.encoded(), [0x09, 0, 0, 0, 0, 0, 0, 0, 0, 0x1A, 0x0D] + Array("brain.Event:2".utf8))
    }

    func testNegativeAndLargeStepsRoundTrip() throws {
        for step: Int64 in [-1, 127, 128, 300, Int64.max] {
            let event = TensorBoardEvent(wallTime: 2, step: step, content: .scalars([TensorBoardScalar("x/y", 0.25)]))
            XCTAssertEqual(try TensorBoardEvent(decoding: event.encoded()), event, "step \(step)")
        }
        // -1 is ten varint bytes: nine 0xFF then 0x01.
        let minusOne = TensorBoardEvent(wallTime: 0, step: -1, content: .scalars([])).encoded()
        XCTAssertEqual(Array(minusOne[9..<20]), [0x10] + [UInt8](repeating: 0xFF, count: 9) + [0x01])
    }

    func testCorruptAndTruncatedRecordsAreRefused() {
        let framed = TFRecord.frame(Self.knownEvent) + TFRecord.frame(Self.knownEvent)
        var corrupt = framed
        corrupt[39 + 14] ^= 0x01   // a data byte of the second record (which starts at 39)
        XCTAssertThrowsError(try TFRecord.records(in: corrupt)) { XCTAssertEqual($0 as? TFRecordError, .dataChecksum(offset: 39)) }
        var badLength = framed
        badLength[0] = 24
        XCTAssertThrowsError(try TFRecord.records(in: badLength)) { XCTAssertEqual($0 as? TFRecordError, .lengthChecksum(offset: 0)) }
        XCTAssertThrowsError(try TFRecord.records(in: Array(framed.dropLast(1)))) {
            XCTAssertEqual($0 as? TFRecordError, .truncated(offset: 39))
        }
    }

    func testWrittenFileReadsBack() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("steady-tb-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let writer = try TensorBoardWriter(directory: directory, wallTime: 1_700_000_000.25)
        XCTAssertTrue(writer.url.lastPathComponent.hasPrefix("events.out.tfevents.1700000000."), writer.url.lastPathComponent)
        writer.add([TensorBoardScalar("rollout/ep_rew_mean", -150.5), TensorBoardScalar("time/fps", 812.0)], step: 100,
                   wallTime: 1_700_000_001)
        writer.add([TensorBoardScalar("rollout/ep_rew_mean", -120.0)], step: 200, wallTime: 1_700_000_002)
        writer.add([], step: 300)
        try writer.close()
        writer.add([TensorBoardScalar("late", 1.0)], step: 400)   // after close: dropped

        XCTAssertEqual(TensorBoardEventFile.files(in: directory), [writer.url])
        let file = try TensorBoardEventFile(contentsOf: writer.url)
        XCTAssertEqual(file.events.count, 3)
        XCTAssertEqual(file.events[0], TensorBoardEvent(wallTime: 1_700_000_000.25, step: 0, content: .fileVersion("brain.Event:2")))
        XCTAssertEqual(file.tags, ["rollout/ep_rew_mean", "time/fps"])
        XCTAssertEqual(file.scalars("rollout/ep_rew_mean").map(\.step), [100, 200])
        XCTAssertEqual(file.scalars("rollout/ep_rew_mean").map(\.value), [-150.5, -120.0])
        XCTAssertEqual(file.events[1].wallTime, 1_700_000_001)
    }

    func testBackgroundThreadWritesWithoutFlush() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("steady-tb-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let writer = try TensorBoardWriter(directory: directory, flushIntervalSeconds: 0.02)
        defer { try? writer.close() }
        writer.add([TensorBoardScalar("loop/rate_hz", 100.0)], step: 1)
        // Wait for the background write (a condition, with a generous deadline).
        let deadline = Date().addingTimeInterval(20)
        var tags: [String] = []
        while tags.isEmpty && Date() < deadline {
            tags = (try? TensorBoardEventFile(contentsOf: writer.url))?.tags ?? []
            if tags.isEmpty { usleep(1_000) }
        }
        XCTAssertEqual(tags, ["loop/rate_hz"])
    }

    func testReaderNamesTheFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("steady-tb-bad-\(UUID().uuidString).tfevents")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(TFRecord.frame(Self.knownEvent)).write(to: url)
        XCTAssertThrowsError(try TensorBoardEventFile(contentsOf: url)) { error in
            XCTAssertEqual((error as? TensorBoardReadError)?.path, url.path)
            XCTAssertTrue("\(error)".contains("file_version"), "\(error)")
        }
    }

    /// CRC-32C one bit at a time, straight from the definition: an independent reference.
    static func bitwiseCRC32C(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
        }
        return ~crc
    }
}
