/// The sidecar protocol's frame codec: pure, no I/O.
///
/// `encode` appends a message's frame to a `FrameWriter`. A receiver calls `frameLength` on
/// the first bytes it holds to learn how many make the next frame (checking the header first,
/// so a bad length is refused before anything is buffered), then `decode` on exactly those
/// bytes. Every count is checked against the bytes present before it is used.
public enum FrameCodec {
    /// Appends `message` as one frame.
    public static func encode(_ message: SidecarMessage, into writer: inout FrameWriter) {
        writer.begin(message.type)
        switch message {
        case let .hello(hello):
            writer.append(bytes: SidecarProtocol.magic)
            precondition(hello.specHash.count == 32 && hello.actorID.count == 16, "HELLO: hash 32 bytes, id 16 bytes")
            writer.append(bytes: hello.specHash)
            writer.append(string: hello.spec)
            writer.append(bytes: hello.actorID)
            writer.append(string: hello.actorName)
            writer.append(hello.weightsVersion)
        case let .welcome(welcome):
            writer.append(welcome.durableSequence)
            writer.append(welcome.appliedSequence)
            writer.append(welcome.weightsVersion)
            writer.append(welcome.heartbeatMilliseconds)
            writer.append(welcome.timeoutMilliseconds)
            writer.append(welcome.maxBatch)
            writer.append(welcome.window)
            writer.append(string: welcome.learnerName)
        case let .reject(reject):
            for text in [reject.field, reject.expected, reject.received, reject.message] { writer.append(string: text) }
        case let .transitions(batch):
            encode(batch, into: &writer)
        case let .ack(applied, durable):
            writer.append(applied)
            writer.append(durable)
        case let .weights(version, safetensors):
            writer.append(version)
            writer.append(blob: safetensors)
        case let .exploration(safetensors):
            writer.append(blob: safetensors)
        case let .heartbeat(sent, echo):
            writer.append(sent)
            writer.append(echo)
        case let .episode(report):
            writer.append(report.episode)
            writer.append(report.weightsVersion)
            precondition(report.values.count <= Int(UInt16.max), "EPISODE: at most 65,535 values")
            writer.append(UInt16(report.values.count))
            for (key, value) in report.values {
                writer.append(string: key)
                writer.append(value)
            }
        case let .error(text), let .bye(text):
            writer.append(string: text)
        }
        writer.finish()
    }

    private static func encode(_ batch: TransitionBatch, into writer: inout FrameWriter) {
        writer.append(batch.sequence)
        writer.append(UInt32(batch.count))
        writer.append(UInt32(batch.observationSize))
        writer.append(UInt32(batch.actionSize))
        writer.append(batch.weightsVersion)
        for array in [batch.observations, batch.actions, batch.rewards, batch.nextObservations] {
            array.withUnsafeBufferPointer { writer.append(floats: $0) }
        }
        writer.append(bytes: batch.flags)
    }

    /// One message as a frame's bytes.
    public static func encode(_ message: SidecarMessage) -> [UInt8] {
        var writer = FrameWriter()
        encode(message, into: &writer)
        return writer.bytes
    }

    /// The size of the frame that starts `bytes` (header included), nil while fewer than 8
    /// bytes are present. Checks length, version, reserved and type first.
    /// - Throws: `SidecarProtocolError` naming the header field at fault.
    public static func frameLength(_ bytes: UnsafeRawBufferPointer, maximumLength: Int = SidecarProtocol.maximumLength) throws -> Int? {
        guard bytes.count >= SidecarProtocol.headerSize else { return nil }
        let length = UInt32(littleEndian: bytes.loadUnaligned(as: UInt32.self))
        guard Int(length) >= SidecarProtocol.minimumLength, Int(length) <= min(maximumLength, SidecarProtocol.maximumLength) else {
            throw SidecarProtocolError.lengthOutOfRange(length: length, maximum: min(maximumLength, SidecarProtocol.maximumLength))
        }
        guard bytes[4] == SidecarProtocol.version else { throw SidecarProtocolError.unsupportedVersion(bytes[4]) }
        guard SidecarMessageType(rawValue: bytes[5]) != nil else { throw SidecarProtocolError.unknownType(bytes[5]) }
        let reserved = UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: 6, as: UInt16.self))
        guard reserved == 0 else { throw SidecarProtocolError.reservedNotZero(reserved) }
        return 4 + Int(length)
    }

    /// Decodes one whole frame (exactly the bytes `frameLength` counted).
    /// - Throws: `SidecarProtocolError` naming the message and field at fault.
    public static func decode(_ frame: UnsafeRawBufferPointer, maximumLength: Int = SidecarProtocol.maximumLength) throws -> SidecarMessage {
        guard let size = try frameLength(frame, maximumLength: maximumLength) else {
            throw SidecarProtocolError.truncated(message: "frame", field: "header", needed: SidecarProtocol.headerSize,
                                                 available: frame.count)
        }
        guard size == frame.count else {
            if size > frame.count { throw SidecarProtocolError.closedMidFrame(received: frame.count, expected: size) }
            throw SidecarProtocolError.trailingBytes(message: "frame", count: frame.count - size)
        }
        let type = SidecarMessageType(rawValue: frame[5])!
        var reader = FrameReader(UnsafeRawBufferPointer(rebasing: frame[SidecarProtocol.headerSize...]), message: type.name)
        let message = try decodePayload(type, &reader)
        try reader.finish()
        return message
    }

    /// Decodes one whole frame held in an array.
    public static func decode(_ frame: [UInt8]) throws -> SidecarMessage {
        try frame.withUnsafeBytes { try decode($0) }
    }

    private static func decodePayload(_ type: SidecarMessageType, _ r: inout FrameReader) throws -> SidecarMessage {
        switch type {
        case .hello:
            guard try r.bytes(8, field: "magic") == SidecarProtocol.magic else { throw SidecarProtocolError.badMagic }
            let hash = try r.bytes(32, field: "spec_hash")
            let spec = try r.string(field: "spec")
            let id = try r.bytes(16, field: "actor_id")
            let name = try r.string(field: "actor_name")
            return .hello(.init(specHash: hash, spec: spec, actorID: id, actorName: name,
                                weightsVersion: try r.integer(field: "weights_version")))
        case .welcome:
            return .welcome(.init(durableSequence: try r.integer(field: "durable_seq"),
                                  appliedSequence: try r.integer(field: "applied_seq"),
                                  weightsVersion: try r.integer(field: "weights_version"),
                                  heartbeatMilliseconds: try r.integer(field: "heartbeat_ms"),
                                  timeoutMilliseconds: try r.integer(field: "timeout_ms"),
                                  maxBatch: try r.integer(field: "max_batch"), window: try r.integer(field: "window"),
                                  learnerName: try r.string(field: "learner_name")))
        case .reject:
            return .reject(.init(field: try r.string(field: "field"), expected: try r.string(field: "expected"),
                                 received: try r.string(field: "received"), message: try r.string(field: "message")))
        case .transitions:
            return .transitions(try decodeTransitions(&r))
        case .ack:
            return .ack(appliedSequence: try r.integer(field: "applied_seq"), durableSequence: try r.integer(field: "durable_seq"))
        case .weights:
            return .weights(version: try r.integer(field: "version"), safetensors: try r.blob(field: "safetensors"))
        case .exploration:
            return .exploration(safetensors: try r.blob(field: "safetensors"))
        case .heartbeat:
            return .heartbeat(sentNanoseconds: try r.integer(field: "sent_ns"), echoNanoseconds: try r.integer(field: "echo_ns"))
        case .episode:
            let episode: UInt64 = try r.integer(field: "episode")
            let version: UInt64 = try r.integer(field: "weights_version")
            let count = Int(try r.integer(UInt16.self, field: "count"))
            var values: [(key: String, value: Double)] = []
            values.reserveCapacity(min(count, r.remaining / 10))   // each value takes at least 10 bytes
            for _ in 0..<count {
                let key = try r.string(field: "key")
                values.append((key, try r.double(field: "value")))
            }
            return .episode(.init(episode: episode, weightsVersion: version, values: values))
        case .error:
            return .error(message: try r.string(field: "message"))
        case .bye:
            return .bye(reason: try r.string(field: "reason"))
        }
    }

    private static func decodeTransitions(_ r: inout FrameReader) throws -> TransitionBatch {
        let sequence: UInt64 = try r.integer(field: "seq")
        let count = Int(try r.integer(UInt32.self, field: "count"))
        let o = Int(try r.integer(UInt32.self, field: "observation_size"))
        let a = Int(try r.integer(UInt32.self, field: "action_size"))
        let version: UInt64 = try r.integer(field: "weights_version")
        // The whole payload's size, checked before any array is allocated.
        let (perTransition, overflow) = (2 * o + a + 1).multipliedReportingOverflow(by: 4)
        let (total, overflow2) = (perTransition + 1).multipliedReportingOverflow(by: count)
        guard !overflow, !overflow2 else { throw SidecarProtocolError.sizeOverflow(message: r.message, field: "count") }
        guard total == r.remaining else {
            if total > r.remaining {
                throw SidecarProtocolError.truncated(message: r.message, field: "observations", needed: total, available: r.remaining)
            }
            throw SidecarProtocolError.trailingBytes(message: r.message, count: r.remaining - total)
        }
        let observations = try r.floats(rows: count, columns: o, field: "observations")
        let actions = try r.floats(rows: count, columns: a, field: "actions")
        let rewards = try r.floats(rows: count, columns: 1, field: "rewards")
        let next = try r.floats(rows: count, columns: o, field: "next_observations")
        let flags = try r.bytes(count, field: "flags")
        return TransitionBatch(sequence: sequence, observationSize: o, actionSize: a, weightsVersion: version,
                               observations: observations, actions: actions, rewards: rewards, nextObservations: next,
                               flags: flags)
    }
}
