import Foundation
import NIOCore
import SteadyCore

/// One actor's connection at the learner: handshake, the checks on every frame, heartbeats,
/// the dead-peer timeout, and the newest weights when the connection can take them.
///
/// Runs on the server's event loop. Anything malformed is answered with `ERROR` naming the
/// field, and the connection closes; nothing a peer sends reaches the learner unchecked.
final class LearnerConnection: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private unowned let server: LearnerServer
    private var context: ChannelHandlerContext?
    private var assembler: FrameAssembler
    private var actor: String?
    private var actorName = "?"
    private var weightsVersion: UInt64 = 0
    private var highestReceived: UInt64 = 0
    private var lastReceivedNanoseconds = Monotonic.nanoseconds()
    private var lastSentNanoseconds = Monotonic.nanoseconds()
    private var lastHeartbeatReceived: UInt64 = 0
    private var timer: RepeatedTask?
    private var closing = false
    private let observationSize: Int, actionSize: Int

    init(server: LearnerServer) {
        self.server = server
        assembler = FrameAssembler(maximumLength: server.maximumFrameLength)
        observationSize = Int(server.spec["observation_size"] ?? "") ?? 0
        actionSize = Int(server.spec["action_size"] ?? "") ?? 0
    }

    func channelActive(context: ChannelHandlerContext) {
        self.context = context
        server.openConnections += 1
        guard server.openConnections <= server.settings.maxConnections else {
            server.count(refused: 1)
            return fail("the learner serves at most \(server.settings.maxConnections) actors")
        }
        let period = TimeAmount.milliseconds(Int64(server.settings.heartbeatMilliseconds))
        timer = context.eventLoop.scheduleRepeatedTask(initialDelay: period, delay: period) { [weak self] _ in self?.tick() }
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        server.openConnections -= 1
        if let actor, server.connections[actor] === self { server.connections[actor] = nil }
        self.context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !closing else { return }
        let buffer = unwrapInboundIn(data)
        buffer.withUnsafeReadableBytes { assembler.append($0) }
        do {
            while !closing, let message = try assembler.next() {
                lastReceivedNanoseconds = Monotonic.nanoseconds()
                try handle(message)
            }
        } catch let error as SidecarProtocolError {
            server.count(protocolErrors: 1)
            fail(error.description)
        } catch {
            server.count(protocolErrors: 1)
            fail("\(error)")
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {}

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { offerLatestWeights() }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }

    /// Heartbeat and timeout, every `heartbeat_ms`.
    private func tick() {
        let now = Monotonic.nanoseconds()
        let timeout = UInt64(server.settings.timeoutMilliseconds) * 1_000_000
        if now - lastReceivedNanoseconds > timeout {
            server.count(timedOut: 1)
            return fail("no frame for \(server.settings.timeoutMilliseconds) ms")
        }
        if now - lastSentNanoseconds >= UInt64(server.settings.heartbeatMilliseconds) * 1_000_000 / 2 {
            send(.heartbeat(sentNanoseconds: now, echoNanoseconds: lastHeartbeatReceived))
        }
    }

    private func handle(_ message: SidecarMessage) throws {
        guard let actor else {
            guard case let .hello(hello) = message else {
                return fail("expected HELLO first, received \(message.type.name)")
            }
            return welcome(hello)
        }
        switch message {
        case let .transitions(batch):
            if let problem = check(batch) { return fail(problem) }
            highestReceived = max(highestReceived, batch.sequence)
            server.inbox.put(.batch(actor: actor, batch))
        case let .episode(report):
            server.inbox.put(.episode(actor: actor, report))
        case let .heartbeat(sent, _):
            lastHeartbeatReceived = sent
        case .bye:
            close()
        case let .error(text):
            FileHandle.standardError.write(Data("sidecar: actor \(actorName) reported an error: \(text)\n".utf8))
            close()
        case .hello, .welcome, .reject, .ack, .weights, .exploration:
            fail("\(message.type.name) is not a message an actor sends after HELLO")
        }
    }

    private func welcome(_ hello: SidecarMessage.Hello) {
        if let reject = server.spec.check(hello) {
            server.count(refused: 1)
            send(.reject(reject))
            return close()
        }
        let key = DeliveryLedger.key(hello.actorID)
        let entry = server.ledger.register(key, name: hello.actorName)
        if let previous = server.connections[key], previous !== self { previous.fail("replaced by a new connection of the same actor") }
        actor = key
        actorName = hello.actorName
        weightsVersion = hello.weightsVersion
        highestReceived = entry.applied
        server.connections[key] = self
        let s = server.settings
        send(.welcome(.init(durableSequence: entry.durable, appliedSequence: entry.applied,
                            weightsVersion: server.latest?.version ?? 0, heartbeatMilliseconds: s.heartbeatMilliseconds,
                            timeoutMilliseconds: s.timeoutMilliseconds, maxBatch: s.maxBatch, window: s.window,
                            learnerName: s.name)))
        offerLatestWeights()
    }

    /// The checks a batch must pass before the learner sees it; nil when it passes.
    private func check(_ batch: TransitionBatch) -> String? {
        if batch.observationSize != observationSize {
            return "TRANSITIONS field 'observation_size' is \(batch.observationSize), the spec says \(observationSize)"
        }
        if batch.actionSize != actionSize {
            return "TRANSITIONS field 'action_size' is \(batch.actionSize), the spec says \(actionSize)"
        }
        if batch.count == 0 || batch.count > Int(server.settings.maxBatch) {
            return "TRANSITIONS field 'count' is \(batch.count), must be 1…\(server.settings.maxBatch)"
        }
        let applied = server.ledger[actor!]?.applied ?? 0
        if batch.sequence > applied && batch.sequence - applied > UInt64(server.settings.window) {
            return "TRANSITIONS field 'seq' is \(batch.sequence), more than window \(server.settings.window) past the applied \(applied)"
        }
        for (name, values) in [("observations", batch.observations), ("actions", batch.actions), ("rewards", batch.rewards),
                               ("next_observations", batch.nextObservations)] {
            if let bad = values.firstIndex(where: { !$0.isFinite }) {
                return "TRANSITIONS field '\(name)' holds a non-finite value at index \(bad)"
            }
        }
        if let bad = batch.flags.firstIndex(where: { $0 > 3 }) {
            return "TRANSITIONS field 'flags' is \(batch.flags[bad]) at index \(bad); only bits 0 and 1 may be set"
        }
        return nil
    }

    /// Sends the newest weights if this actor lacks them and the connection can take them.
    func offerLatestWeights() {
        guard actor != nil, let latest = server.latest, latest.version > weightsVersion,
              let context, context.channel.isWritable else { return }
        weightsVersion = latest.version
        send(.weights(version: latest.version, safetensors: latest.weights))
        if let exploration = latest.exploration { send(.exploration(safetensors: exploration)) }
    }

    func send(_ message: SidecarMessage) {
        guard let context, !closing else { return }
        let bytes = FrameCodec.encode(message)
        lastSentNanoseconds = Monotonic.nanoseconds()
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(bytes: bytes)), promise: nil)
    }

    /// `ERROR` naming what was wrong, then close.
    func fail(_ message: String) {
        guard !closing else { return }
        send(.error(message: message))
        close()
    }

    /// `BYE`, then close; the future completes when closed.
    func bye(_ reason: String) -> EventLoopFuture<Void> {
        guard let context else { return server.loop.makeSucceededVoidFuture() }
        send(.bye(reason: reason))
        closing = true
        return context.close()
    }

    private func close() {
        guard !closing, let context else { return }
        closing = true
        context.close(promise: nil)
    }
}
