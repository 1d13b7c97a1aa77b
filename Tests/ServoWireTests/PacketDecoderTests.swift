import SteadyCore
import Testing
import ServoWire

/// Feeds `stream` to fresh decoders chunked every way that matters (as swift-nio's
/// `ByteToMessageDecoderVerifier` does) and returns the frames each chunking produced.
func decodeAllChunkings(_ stream: [UInt8], kind: ServoProtocolKind, direction: PacketDirection,
                        seed: UInt64 = 1) -> [(String, [DecodedFrame])] {
    func run(_ chunks: [ArraySlice<UInt8>]) -> [DecodedFrame] {
        var decoder = PacketDecoder(protocolKind: kind, direction: direction)
        var frames: [DecodedFrame] = []
        for chunk in chunks {
            decoder.feed(chunk)
            while let frame = decoder.nextFrame() { frames.append(frame) }
        }
        return frames
    }
    var results: [(String, [DecodedFrame])] = []
    results.append(("all at once", run([stream[...]])))
    results.append(("byte by byte", run(stream.indices.map { stream[$0...$0] })))
    for split in 0...stream.count {
        results.append(("split at \(split)", run([stream[..<split], stream[split...]])))
    }
    var random = SeededGenerator(seed: seed)
    for round in 0..<20 {
        var chunks: [ArraySlice<UInt8>] = []
        var index = 0
        while index < stream.count {
            let size = Int.random(in: 0...12, using: &random)
            chunks.append(stream[index..<min(stream.count, index + size)])
            index += size
        }
        results.append(("random chunks \(round)", run(chunks)))
    }
    return results
}

/// Expects every chunking of `stream` to give exactly `expected`.
func expectFrames(_ stream: [UInt8], kind: ServoProtocolKind, direction: PacketDirection,
                  _ expected: [DecodedFrame], sourceLocation: SourceLocation = #_sourceLocation) {
    for (chunking, frames) in decodeAllChunkings(stream, kind: kind, direction: direction) {
        #expect(frames == expected, "\(chunking)", sourceLocation: sourceLocation)
    }
}

@Suite struct PacketDecoderTests {
    static let dynamixelInstructionFrames = DynamixelManual.instructions.map(\.frame) + DynamixelManual.rawInstructions.map(\.frame)
    static let dynamixelStatusFrames = DynamixelManual.statuses.map(\.frame) + [DynamixelManual.fastSyncReadStatus]

    static func instructionPacket(_ frame: [UInt8]) -> DecodedFrame {
        // Built from the frame's fields by hand (no stuffing occurs in the manual's examples).
        let length = Int(frame[5]) | Int(frame[6]) << 8
        return .instruction(InstructionPacket(id: frame[4], instruction: frame[7], parameters: Array(frame[8..<(5 + length)])))
    }

    static func statusPacket(_ frame: [UInt8]) -> DecodedFrame {
        let length = Int(frame[5]) | Int(frame[6]) << 8
        return .status(StatusPacket(id: frame[4], error: frame[8], parameters: Array(frame[9..<(5 + length)])))
    }

    /// Garbage between frames: random bytes, lone FFs, broken and partial headers.
    static let garbage: [[UInt8]] = [
        [], [0x00], [0xFF], [0xFF, 0xFF], [0xFF, 0xFF, 0xFD], [0xFF, 0xFF, 0xFD, 0x01], [0x12, 0x34, 0xFF, 0x56],
        [0xFF, 0xFF, 0xFD, 0xFD, 0x00], [0xFD, 0x00, 0x55], [0xFF, 0xFF, 0xFD, 0x00, 0xFD], [0xFF, 0xFF, 0xFD, 0x00, 0xFF],
    ]

    @Test func findsEveryManualFrameAloneHoweverChunked() {
        for frame in Self.dynamixelInstructionFrames {
            expectFrames(frame, kind: .dynamixel, direction: .instructions, [Self.instructionPacket(frame)])
        }
        for frame in Self.dynamixelStatusFrames {
            expectFrames(frame, kind: .dynamixel, direction: .statuses, [Self.statusPacket(frame)])
        }
        for example in FeetechManual.instructions {
            let packet = InstructionPacket(id: example.frame[2], instruction: example.frame[4],
                                           parameters: Array(example.frame[5..<(example.frame.count - 1)]))
            expectFrames(example.frame, kind: .feetech, direction: .instructions, [.instruction(packet)])
        }
        for example in FeetechManual.statuses {
            expectFrames(example.frame, kind: .feetech, direction: .statuses, [.status(example.packet)])
        }
    }

    @Test func findsConcatenatedFramesBetweenGarbage() {
        var stream: [UInt8] = []
        var expected: [DecodedFrame] = []
        for (index, frame) in (Self.dynamixelInstructionFrames + Self.dynamixelStatusFrames).enumerated() {
            stream += Self.garbage[index % Self.garbage.count] + frame
            let isStatus = frame[7] == 0x55
            expected.append(isStatus ? Self.statusPacket(frame) : Self.instructionPacket(frame))
        }
        stream += [0x00, 0xFF]
        expectFrames(stream, kind: .dynamixel, direction: .statuses, expected)
    }

    @Test func findsConcatenatedFeetechFramesBetweenGarbage() {
        let garbage: [[UInt8]] = [[0x00], [0xFF], [0x12, 0xFF, 0x34], [0xFF, 0xFF, 0xFF], [], [0xFF, 0xFF, 0x01, 0x00]]
        var stream: [UInt8] = []
        for (index, example) in FeetechManual.statuses.enumerated() {
            stream += garbage[index % garbage.count] + example.frame
        }
        expectFrames(stream, kind: .feetech, direction: .statuses, FeetechManual.statuses.map { .status($0.packet) })
    }

    @Test func reportsACorruptFrameAndFindsTheNextGoodOne() {
        let first = DynamixelManual.statuses[2].frame, second = DynamixelManual.statuses[3].frame
        var corrupted = first
        corrupted[corrupted.count - 1] ^= 0x01           // printed CRC 0xC08C becomes 0xC18C
        expectFrames(corrupted + second, kind: .dynamixel, direction: .statuses,
                     [.corrupt(.badChecksum(expected: 0xC08C, got: 0xC18C)), Self.statusPacket(second)])

        var flipped = first
        flipped[9] ^= 0x80                               // a data bit flips; the printed CRC no longer fits
        let frames = decodeAllChunkings(flipped + second, kind: .dynamixel, direction: .statuses)
        for (chunking, decoded) in frames {
            #expect(decoded.count == 2, "\(chunking)")
            if case .corrupt(.badChecksum(_, got: 0xC08C)) = decoded.first {} else {
                Issue.record("\(chunking): expected a bad checksum first, got \(decoded)")
            }
            #expect(decoded.last == Self.statusPacket(second), "\(chunking)")
        }

        let feetech = FeetechManual.statuses
        var badFeetech = feetech[1].frame
        badFeetech[5] = 0x19                             // 18 → 19: checksum DD no longer fits
        expectFrames(badFeetech + feetech[0].frame, kind: .feetech, direction: .statuses,
                     [.corrupt(.badChecksum(expected: 0xDC, got: 0xDD)), .status(feetech[0].packet)])
    }

    @Test func aHeaderInGarbageDoesNotSwallowTheFollowingFrame() {
        // A false header declaring 64 more bytes, then a good status and nothing else.
        let good = DynamixelManual.statuses[0].frame
        let falseHeader = bytes("FF FF FD 00 01 40 00")
        expectFrames(falseHeader + good, kind: .dynamixel, direction: .statuses,
                     [.corrupt(.interruptedFrame(byteCount: 7)), Self.statusPacket(good)])
        expectFrames(falseHeader + [0x42, 0x43] + good + good, kind: .dynamixel, direction: .statuses,
                     [.corrupt(.interruptedFrame(byteCount: 9)), Self.statusPacket(good), Self.statusPacket(good)])

        // Feetech: FF FF then noise that reads as ID 1, length 0x20.
        let feetechGood = FeetechManual.statuses[0]
        expectFrames(bytes("FF FF 01 20 07") + feetechGood.frame, kind: .feetech, direction: .statuses,
                     [.corrupt(.interruptedFrame(byteCount: 5)), .status(feetechGood.packet)])
        // A false header whose declared end falls inside the good frame: its checksum fails first.
        expectFrames(bytes("FF FF 01 04") + feetechGood.frame, kind: .feetech, direction: .statuses,
                     [.corrupt(.badChecksum(expected: 0xFB, got: 0x02)), .status(feetechGood.packet)])
    }

    @Test func skipsGarbageWithoutHeadersSilently() {
        var decoder = PacketDecoder(protocolKind: .dynamixel, direction: .statuses)
        decoder.feed([0x00, 0x01, 0x55, 0xFD, 0x00, 0x12])
        #expect(decoder.nextFrame() == nil)
        #expect(decoder.bufferedByteCount == 0)
        decoder.feed([0xFF, 0xFF, 0xFD])
        #expect(decoder.nextFrame() == nil)
        #expect(decoder.bufferedByteCount == 3, "a possible header start is kept")
        decoder.reset()
        #expect(decoder.bufferedByteCount == 0)
        decoder.feed(DynamixelManual.statuses[0].frame)
        #expect(decoder.nextFrame() == Self.statusPacket(DynamixelManual.statuses[0].frame))
        #expect(decoder.nextFrame() == nil)
    }

    @Test func stuffedFramesDecodeUnstuffed() {
        let codec = DynamixelCodec()
        let packet = InstructionPacket(id: 1, instruction: .write, parameters: [0x74, 0x00, 0xFF, 0xFF, 0xFD, 0x01])
        let frame = codec.encode(packet)
        expectFrames(frame + frame, kind: .dynamixel, direction: .instructions, [.instruction(packet), .instruction(packet)])
    }

    @Test func feetechDirectionDecidesInstructionOrStatus() {
        let frame = bytes("FF FF 01 02 01 FB")
        expectFrames(frame, kind: .feetech, direction: .instructions, [.instruction(InstructionPacket(id: 1, instruction: .ping))])
        expectFrames(frame, kind: .feetech, direction: .statuses, [.status(StatusPacket(id: 1, error: 1, parameters: []))])
    }

    @Test func randomStreamsGiveTheSameFramesHoweverChunked() {
        var random = SeededGenerator(seed: 99)
        let dynamixel = DynamixelCodec(), feetech = FeetechCodec()
        for round in 0..<40 {
            var stream: [UInt8] = []
            var expected: [DecodedFrame] = []
            let kind: ServoProtocolKind = round % 2 == 0 ? .dynamixel : .feetech
            // Feetech has no byte stuffing: FF FF inside its data would read as a header.
            let alphabet: [UInt8] = kind == .dynamixel ? [0xFF, 0xFD, 0x00, 0x42] : [0xFE, 0xFD, 0x00, 0x42]
            for _ in 0..<Int.random(in: 1...5, using: &random) {
                // Garbage without FF cannot fake a header, so every frame must come out.
                stream += (0..<Int.random(in: 0...6, using: &random)).map { _ in UInt8.random(in: 0...0xFE, using: &random) }
                let status = StatusPacket(id: UInt8.random(in: 0...0xFC, using: &random), error: UInt8.random(in: 0...0x7F, using: &random),
                                          parameters: (0..<Int.random(in: 0...10, using: &random)).map { _ in
                                              alphabet.randomElement(using: &random)! })
                stream += kind == .dynamixel ? dynamixel.encode(status) : feetech.encode(status)
                expected.append(.status(status))
            }
            expectFrames(stream, kind: kind, direction: .statuses, expected)

            // Arbitrary noise: whatever comes out must not depend on chunking.
            let noise: [UInt8] = (0..<60).map { _ in [0xFF, 0xFF, 0xFD, 0x00, 0x01, 0x02, 0x05, 0x55].randomElement(using: &random)! }
            let runs = decodeAllChunkings(noise + stream, kind: kind, direction: .statuses, seed: UInt64(round))
            for (chunking, frames) in runs { #expect(frames == runs[0].1, "\(chunking)") }
        }
    }
}
