import SteadyCore

/// The frame decoder as a fuzz target (`steady bench fuzz --target sidecar-frames`, built in
/// `SteadyFuzz.FuzzTargets.sidecarFrames`): `seeds` are valid frames, `feed` is the target's body.
///
/// Nothing a peer sends may crash a process: `feed` must only ever return or throw
/// `SidecarProtocolError`.
public enum SidecarFrameFuzz {
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
}
