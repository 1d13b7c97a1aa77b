import XCTest
@testable import Sidecar

/// The stream cutter fed as swift-nio's `ByteToMessageDecoderVerifier` feeds a decoder: all at
/// once, byte by byte, and split at every point.
final class FrameAssemblerTests: XCTestCase {
    let messages = FrameCodecTests.sampleMessages()
    var stream: [UInt8] { messages.flatMap { FrameCodec.encode($0) } }

    private func drain(_ assembler: inout FrameAssembler) throws -> [SidecarMessage] {
        var out: [SidecarMessage] = []
        while let message = try assembler.next() { out.append(message) }
        return out
    }

    func testWholeStreamAtOnce() throws {
        var assembler = FrameAssembler()
        assembler.append(stream)
        XCTAssertEqual(try drain(&assembler), messages)
        XCTAssertEqual(assembler.bufferedCount, 0)
        XCTAssertNoThrow(try assembler.finish())
    }

    func testByteByByte() throws {
        var assembler = FrameAssembler()
        var out: [SidecarMessage] = []
        for byte in stream {
            assembler.append([byte])
            out += try drain(&assembler)
        }
        XCTAssertEqual(out, messages)
    }

    func testSplitAtEveryPoint() throws {
        let bytes = stream
        for split in 0...bytes.count {
            var assembler = FrameAssembler()
            assembler.append(Array(bytes[..<split]))
            var out = try drain(&assembler)
            assembler.append(Array(bytes[split...]))
            out += try drain(&assembler)
            XCTAssertEqual(out, messages, "split at \(split)")
        }
    }

    func testOversizedLengthIsRefusedAfterTheHeaderWithoutBuffering() {
        var assembler = FrameAssembler(maximumLength: 1024)
        assembler.append([0x00, 0x10, 0x00, 0x00, 1, 4, 0, 0])   // 4096 > 1024
        XCTAssertThrowsError(try assembler.next()) {
            XCTAssertEqual($0 as? SidecarProtocolError, .lengthOutOfRange(length: 4096, maximum: 1024))
        }
    }

    func testPeerClosingMidFrameIsNamed() throws {
        var assembler = FrameAssembler()
        let frame = FrameCodec.encode(.heartbeat(sentNanoseconds: 1, echoNanoseconds: 2))
        assembler.append(Array(frame[..<10]))
        XCTAssertNil(try assembler.next())
        XCTAssertThrowsError(try assembler.finish()) {
            XCTAssertEqual($0 as? SidecarProtocolError, .closedMidFrame(received: 10, expected: frame.count))
        }
    }
}
