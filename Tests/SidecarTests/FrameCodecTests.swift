import XCTest
@testable import Sidecar

/// Every message round-trips; the documented example is byte for byte; each malformed field is
/// named.
final class FrameCodecTests: XCTestCase {
    static let spec = SidecarSpec(environment: "pendulum", observationSize: 3, actionSize: 1, algorithm: "sac",
                                  actor: "squashed_gaussian:256,256:relu")

    static func sampleMessages() -> [SidecarMessage] {
        let batch = TransitionBatch(sequence: 7, observationSize: 3, actionSize: 1, weightsVersion: 4,
                                    observations: [1, 2, 3, 4, 5, 6], actions: [0.5, -0.5], rewards: [-1, -2],
                                    nextObservations: [7, 8, 9, 10, 11, 12], flags: [0, 1])
        return [
            .hello(.init(specHash: spec.hash, spec: spec.text, actorID: Array(0..<16), actorName: "ray-7", weightsVersion: 3)),
            .welcome(.init(durableSequence: 5, appliedSequence: 9, weightsVersion: 12, heartbeatMilliseconds: 250,
                           timeoutMilliseconds: 1000, maxBatch: 256, window: 8, learnerName: "learner")),
            .reject(.init(field: "observation_size", expected: "3", received: "4", message: "differs")),
            .transitions(batch),
            .transitions(TransitionBatch(sequence: 1, observationSize: 3, actionSize: 1)),
            .ack(appliedSequence: 9, durableSequence: 5),
            .weights(version: 2, safetensors: [1, 2, 3]),
            .exploration(safetensors: []),
            .heartbeat(sentNanoseconds: 123, echoNanoseconds: 45),
            .episode(.init(episode: 3, weightsVersion: 2, values: [("return", -150.5), ("length", 200)])),
            .error(message: "naïve"),
            .bye(reason: "done"),
        ]
    }

    func testEveryMessageRoundTrips() throws {
        for message in Self.sampleMessages() {
            let bytes = FrameCodec.encode(message)
            XCTAssertEqual(try FrameCodec.frameLength(bytes.withUnsafeBytes { $0 }.self), bytes.count)
            XCTAssertEqual(try FrameCodec.decode(bytes), message, "\(message.type.name)")
        }
    }

    func testHeaderLayoutIsLittleEndianWithLengthAfterItself() {
        let bytes = FrameCodec.encode(.ack(appliedSequence: 0x0102, durableSequence: 1))
        XCTAssertEqual(Array(bytes[0..<8]), [20, 0, 0, 0, 1, 5, 0, 0])   // length 4 + 16, version 1, ACK, reserved
        XCTAssertEqual(Array(bytes[8..<10]), [0x02, 0x01])
    }

    /// The HELLO of docs/sidecar-protocol.md's Python example, built by hand.
    func testHelloMatchesTheDocumentedLayout() {
        let text = Self.spec.text
        XCTAssertEqual(text, "action_size=1\nactor=squashed_gaussian:256,256:relu\nalgorithm=sac\nenvironment=pendulum\nobservation_size=3\nprotocol=1\n")
        XCTAssertEqual(hex(Self.spec.hash), "200dac53a831be35a71846de6d680608e2272e37b32b5236b39b802d70b7b16a")
        func s(_ x: String) -> [UInt8] { [UInt8(x.utf8.count & 0xFF), UInt8(x.utf8.count >> 8)] + Array(x.utf8) }
        let payload = Array("STEADYSC".utf8) + Self.spec.hash + s(text) + [UInt8](repeating: 0, count: 16) + s("py")
            + [UInt8](repeating: 0, count: 8)
        let length = UInt32(4 + payload.count)
        let expected = [UInt8(length & 0xFF), UInt8(length >> 8 & 0xFF), 0, 0, 1, 1, 0, 0] + payload
        let hello = SidecarMessage.hello(.init(specHash: Self.spec.hash, spec: text, actorID: [UInt8](repeating: 0, count: 16),
                                               actorName: "py", weightsVersion: 0))
        XCTAssertEqual(FrameCodec.encode(hello), expected)
    }

    func testHeaderErrorsNameTheField() {
        func error(_ bytes: [UInt8]) -> SidecarProtocolError? {
            do { _ = try bytes.withUnsafeBytes { try FrameCodec.frameLength($0) }; return nil }
            catch { return error as? SidecarProtocolError }
        }
        XCTAssertEqual(error([3, 0, 0, 0, 1, 5, 0, 0]), .lengthOutOfRange(length: 3, maximum: SidecarProtocol.maximumLength))
        XCTAssertEqual(error([0xFF, 0xFF, 0xFF, 0xFF, 1, 5, 0, 0]),
                       .lengthOutOfRange(length: .max, maximum: SidecarProtocol.maximumLength))
        XCTAssertEqual(error([4, 0, 0, 0, 2, 5, 0, 0]), .unsupportedVersion(2))
        XCTAssertEqual(error([4, 0, 0, 0, 1, 12, 0, 0]), .unknownType(12))
        XCTAssertEqual(error([4, 0, 0, 0, 1, 0, 0, 0]), .unknownType(0))
        XCTAssertEqual(error([4, 0, 0, 0, 1, 5, 1, 0]), .reservedNotZero(1))
        XCTAssertNil(error([4, 0, 0, 0, 1, 5, 0]))   // not yet a whole header
        XCTAssertTrue("\(SidecarProtocolError.lengthOutOfRange(length: 3, maximum: 9))".contains("'length'"))
    }

    func testEveryTruncationOfEveryMessageIsRefusedNamingAField() throws {
        for message in Self.sampleMessages() {
            let bytes = FrameCodec.encode(message)
            let payload = bytes.count - SidecarProtocol.headerSize
            for cut in 0..<payload {
                // A frame whose length field says the payload is `cut` bytes long.
                var frame = Array(bytes[0..<(SidecarProtocol.headerSize + cut)])
                let length = UInt32(4 + cut)
                withUnsafeBytes(of: length.littleEndian) { for i in 0..<4 { frame[i] = $0[i] } }
                XCTAssertThrowsError(try FrameCodec.decode(frame), "\(message.type.name) cut at \(cut)") { error in
                    guard case .truncated(let name, let field, _, _) = error as? SidecarProtocolError else {
                        return XCTFail("\(message.type.name) cut at \(cut): \(error)")
                    }
                    XCTAssertEqual(name, message.type.name)
                    XCTAssertFalse(field.isEmpty)
                }
            }
        }
    }

    func testTrailingBytesAreRefused() {
        var bytes = FrameCodec.encode(.heartbeat(sentNanoseconds: 1, echoNanoseconds: 2))
        bytes.append(0)
        bytes[0] += 1
        XCTAssertThrowsError(try FrameCodec.decode(bytes)) {
            XCTAssertEqual($0 as? SidecarProtocolError, .trailingBytes(message: "HEARTBEAT", count: 1))
        }
    }

    func testTransitionCountsAreCheckedAgainstTheBytesPresent() {
        var frame = FrameCodec.encode(.transitions(TransitionBatch(sequence: 1, observationSize: 3, actionSize: 1)))
        // count = 2^32 − 1 with an empty body: refused before anything is allocated.
        for i in 0..<4 { frame[16 + i] = 0xFF }
        XCTAssertThrowsError(try FrameCodec.decode(frame)) { error in
            guard case .truncated("TRANSITIONS", "observations", _, 0) = error as? SidecarProtocolError else {
                return XCTFail("\(error)")
            }
        }
        // observation_size = 2^32 − 1 and count = 2^32 − 1: the product would overflow any frame.
        for i in 0..<4 { frame[20 + i] = 0xFF }
        XCTAssertThrowsError(try FrameCodec.decode(frame))
    }

    func testBadMagicAndInvalidUTF8() {
        var hello = FrameCodec.encode(Self.sampleMessages()[0])
        hello[8] = UInt8(ascii: "X")
        XCTAssertThrowsError(try FrameCodec.decode(hello)) { XCTAssertEqual($0 as? SidecarProtocolError, .badMagic) }
        var error = FrameCodec.encode(.error(message: "ab"))
        error[10] = 0xFF
        XCTAssertThrowsError(try FrameCodec.decode(error)) {
            XCTAssertEqual($0 as? SidecarProtocolError, .invalidUTF8(message: "ERROR", field: "message"))
        }
    }
}
