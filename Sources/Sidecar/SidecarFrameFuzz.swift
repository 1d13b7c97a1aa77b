import SteadyCore

/// Random and mutated frames for the decoder, in the shape of the hardening fuzz harness
/// (`FuzzTarget(name:seeds:) { bytes in … }`): `seeds` are valid frames, `feed` is the target's
/// body, `run` a small built-in mutator loop for `steady bench sidecar-fuzz` and the tests.
///
/// Nothing a peer sends may crash a process: `feed` must only ever return or throw
/// `SidecarProtocolError`.
public enum SidecarFrameFuzz {
    /// What a fuzz run saw.
    public struct Summary: Equatable, Sendable {
        /// Inputs fed.
        public var inputs = 0
        /// Inputs that decoded to at least one message.
        public var decoded = 0
        /// Inputs refused with a `SidecarProtocolError`.
        public var refused = 0
        /// Inputs that ended inside a frame (waiting for more bytes).
        public var incomplete = 0
    }

    /// One valid frame of every message type.
    public static func seeds() -> [[UInt8]] {
        let spec = SidecarSpec(environment: "pendulum", observationSize: 3, actionSize: 1, algorithm: "sac",
                               actor: "squashed_gaussian:64,64:relu")
        let batch = TransitionBatch(sequence: 1, observationSize: 3, actionSize: 1, weightsVersion: 2,
                                    observations: [1, 2, 3], actions: [0.5], rewards: [-1], nextObservations: [4, 5, 6],
                                    flags: [2])
        let messages: [SidecarMessage] = [
            .hello(.init(specHash: spec.hash, spec: spec.text, actorID: Array(0..<16), actorName: "fuzz", weightsVersion: 0)),
            .welcome(.init(durableSequence: 1, appliedSequence: 2, weightsVersion: 3, heartbeatMilliseconds: 250,
                           timeoutMilliseconds: 1000, maxBatch: 64, window: 8, learnerName: "l")),
            .reject(.init(field: "a", expected: "b", received: "c", message: "d")), .transitions(batch),
            .ack(appliedSequence: 1, durableSequence: 1), .weights(version: 1, safetensors: [8, 0, 0, 0, 0, 0, 0, 0]),
            .exploration(safetensors: []), .heartbeat(sentNanoseconds: 1, echoNanoseconds: 0),
            .episode(.init(episode: 1, weightsVersion: 1, values: [("return", -1)])), .error(message: "e"), .bye(reason: "b"),
        ]
        return messages.map { FrameCodec.encode($0) }
    }

    /// The target: a receiver's assembler fed `bytes`, every whole frame decoded.
    /// - Returns: whether a message decoded, nil when the bytes ended inside a frame.
    /// - Throws: only `SidecarProtocolError`.
    @discardableResult
    public static func feed(_ bytes: [UInt8], maximumLength: Int = 1 << 20) throws -> Bool? {
        var assembler = FrameAssembler(maximumLength: maximumLength)
        assembler.append(bytes)
        var any = false
        while let _ = try assembler.next() { any = true }
        if assembler.bufferedCount > 0 { return any ? true : nil }
        return any
    }

    /// Feeds `count` inputs: a quarter random bytes, the rest seeds mutated (bit flips, byte
    /// overwrites, header fields set to edge values, truncation, extension, splices).
    public static func run(count: Int, seed: UInt64) -> Summary {
        var generator = SeededGenerator(seed: seed)
        let seeds = self.seeds()
        var summary = Summary()
        for _ in 0..<count {
            let input = mutate(seeds, &generator)
            summary.inputs += 1
            do {
                switch try feed(input) {
                case true?: summary.decoded += 1
                case false?, nil: summary.incomplete += 1
                }
            } catch is SidecarProtocolError {
                summary.refused += 1
            } catch {
                preconditionFailure("SidecarFrameFuzz: an error that is not a SidecarProtocolError: \(error)")
            }
        }
        return summary
    }

    static func mutate(_ seeds: [[UInt8]], _ g: inout SeededGenerator) -> [UInt8] {
        func below(_ n: Int) -> Int { Int(g.next() % UInt64(max(n, 1))) }
        if below(4) == 0 { return (0..<below(64)).map { _ in UInt8(truncatingIfNeeded: g.next()) } }
        var bytes = seeds[below(seeds.count)]
        for _ in 0...below(4) {
            switch below(6) {
            case 0: if !bytes.isEmpty { bytes[below(bytes.count)] ^= 1 << UInt8(below(8)) }
            case 1: if !bytes.isEmpty { bytes[below(bytes.count)] = [0, 0xFF, 0x7F, 0x80, 1][below(5)] }
            case 2:   // a header field (length, version, type, reserved) or a count set to an edge value
                let offset = [0, 4, 5, 6, 8, 16, 20, 24][below(8)]
                let edge: [UInt8] = [[0, 0, 0, 0], [0xFF, 0xFF, 0xFF, 0xFF], [4, 0, 0, 0], [0, 0, 0, 4]][below(4)]
                for i in 0..<4 where offset + i < bytes.count { bytes[offset + i] = edge[i] }
            case 3: bytes = Array(bytes.prefix(below(bytes.count + 1)))
            case 4: bytes += (0..<below(16)).map { _ in UInt8(truncatingIfNeeded: g.next()) }
            default: bytes += seeds[below(seeds.count)].prefix(below(64))
            }
        }
        return bytes
    }
}
