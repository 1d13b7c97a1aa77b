import Foundation
import NIOCore
import NIOPosix
import SteadyCore

extension ActorClient {
    /// Opens a connection; on failure, tries again after the backoff.
    func connect() {
        let stopping = condition.withLock { stopped || rejection != nil }
        guard !stopping, connection == nil else { return }
        let handler = ActorConnection(client: self)
        connection = handler
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(.milliseconds(settings.handshakeTimeoutMilliseconds))
            .channelInitializer { channel in channel.pipeline.addHandler(handler) }
        let future: EventLoopFuture<Channel>
        switch address {
        case let .unix(path): future = bootstrap.connect(unixDomainSocketPath: path)
        case let .tcp(host, port): future = bootstrap.connect(host: host, port: port)
        }
        future.whenFailure { [self] _ in
            if connection === handler { connection = nil }
            scheduleReconnect()
        }
    }

    /// A connection closed: reconnect after the backoff unless stopping or refused.
    func connectionClosed(_ handler: ActorConnection) {
        guard connection === handler else { return }
        connection = nil
        if handler.isWelcomed { condition.withLock { counters.disconnects += 1 } }
        scheduleReconnect()
    }

    private func scheduleReconnect() {
        let stopping = condition.withLock { stopped || rejection != nil }
        guard !stopping else { return }
        let delay = backoffSeconds
        backoffSeconds = min(backoffSeconds * 2, settings.maximumBackoffSeconds)
        loop.scheduleTask(in: .nanoseconds(Int64(delay * 1e9))) { [self] in connect() }
    }

    /// Handles a WELCOME: the learner's delivery state decides what to resend. Returns false
    /// when this actor must take a fresh identity (the learner lost batches it no longer keeps).
    func welcomed(_ welcome: SidecarMessage.Welcome) -> Bool {
        backoffSeconds = settings.initialBackoffSeconds
        return condition.withLock {
            let firstKept = store.first?.sequence ?? nextSequence
            if welcome.appliedSequence + 1 < firstKept {
                // The learner lost batches that were durable for it before (an older checkpoint,
                // another run directory): renumber what is kept under a fresh actor_id.
                var generator = SystemRandomNumberGenerator()
                actorID = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
                for index in store.indices { store[index].sequence = UInt64(index + 1) }
                highestSent = 0
                nextSequence = UInt64(store.count + 1)
                applied = 0
                counters.identityResets += 1
                return false
            }
            applied = welcome.appliedSequence
            window = UInt64(max(welcome.window, 1))
            counters.connections += 1
            condition.broadcast()
            return true
        }
    }

    /// The batch to send next (seq `sequence`) if it is kept and within the window.
    func batch(_ sequence: UInt64) -> TransitionBatch? {
        condition.withLock {
            guard sequence <= applied + window, let first = store.first, sequence >= first.sequence else { return nil }
            let index = Int(sequence - first.sequence)
            return index < store.count ? store[index] : nil
        }
    }
}

/// One connection of an `ActorClient`: HELLO, WELCOME, sending within the window, ACKs,
/// weights, heartbeats and the dead-learner timeout. Runs on the client's event loop.
final class ActorConnection: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private unowned let client: ActorClient
    private var context: ChannelHandlerContext?
    private var assembler = FrameAssembler()
    private(set) var isWelcomed = false
    private var welcome: SidecarMessage.Welcome?
    private var nextToSend: UInt64 = 1
    private var lastReceived = Monotonic.nanoseconds(), lastSent = Monotonic.nanoseconds()
    private var peerHeartbeat: UInt64 = 0
    private var timer: RepeatedTask?
    private var closing = false

    init(client: ActorClient) { self.client = client }

    func channelActive(context: ChannelHandlerContext) {
        self.context = context
        lastReceived = Monotonic.nanoseconds()
        let spec = client.spec
        let id = client.condition.withLock { client.actorID }
        send(.hello(.init(specHash: spec.hash, spec: spec.text, actorID: id, actorName: client.name,
                          weightsVersion: client.weightsVersion)))
        timer = context.eventLoop.scheduleRepeatedTask(initialDelay: .milliseconds(50), delay: .milliseconds(50)) { [weak self] _ in
            self?.tick()
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        self.context = nil
        // A close this actor asked for (stop, bye) or was told of is no news.
        let stopping = client.condition.withLock { client.stopped || client.closeExpected || client.learnerBye != nil }
        if isWelcomed && !stopping { client.onLog?("sidecar: connection to \(client.address) lost") }
        client.connectionClosed(self)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !closing else { return }
        unwrapInboundIn(data).withUnsafeReadableBytes { assembler.append($0) }
        do {
            while !closing, let message = try assembler.next() {
                lastReceived = Monotonic.nanoseconds()
                handle(message)
            }
        } catch {
            fail("\(error)")
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) { pump() }

    func errorCaught(context: ChannelHandlerContext, error: Error) { close() }

    private func tick() {
        let now = Monotonic.nanoseconds()
        let timeout = UInt64(welcome?.timeoutMilliseconds ?? UInt32(client.settings.handshakeTimeoutMilliseconds)) * 1_000_000
        if now - lastReceived > timeout {
            client.onLog?("sidecar: no frame from the learner for \(timeout / 1_000_000) ms; reconnecting")
            return close()
        }
        if let welcome, now - lastSent >= UInt64(welcome.heartbeatMilliseconds) * 1_000_000 / 2 {
            send(.heartbeat(sentNanoseconds: now, echoNanoseconds: peerHeartbeat))
        }
    }

    private func handle(_ message: SidecarMessage) {
        switch message {
        case let .welcome(welcome):
            guard !isWelcomed else { return fail("a second WELCOME") }
            guard client.welcomed(welcome) else {
                client.onLog?("sidecar: the learner has lost batches this actor no longer keeps; reconnecting as a new actor")
                return close()
            }
            self.welcome = welcome
            isWelcomed = true
            client.condition.withLock { client.learnerBye = nil }
            nextToSend = welcome.appliedSequence + 1
            client.onLog?("sidecar: connected to \(welcome.learnerName) at \(client.address) (applied \(welcome.appliedSequence), durable \(welcome.durableSequence), weights v\(welcome.weightsVersion))")
            client.acknowledged(applied: welcome.appliedSequence, durable: welcome.durableSequence)
            client.flushEpisodes()
            pump()
        case let .ack(applied, durable):
            client.acknowledged(applied: applied, durable: durable)
            pump()
        case let .weights(version, blob):
            guard version > client.weightsVersion else { return }
            let accepted = client.onWeights?(version, blob) ?? true
            client.condition.withLock {
                if accepted { client.counters.weightsReceived += 1 } else { client.counters.weightsRejected += 1 }
            }
            if accepted { client.weightsVersion = version }
        case let .exploration(blob):
            client.onExploration?(blob)
        case let .heartbeat(sent, _):
            peerHeartbeat = sent
        case let .reject(reject):
            client.condition.withLock {
                client.rejection = reject
                client.condition.broadcast()
            }
            client.onLog?("sidecar: refused: \(reject.message) (field \(reject.field): learner \(reject.expected), actor \(reject.received))")
            close()
        case let .error(text):
            client.onLog?("sidecar: the learner closed the connection: \(text)")
            close()
        case let .bye(reason):
            client.condition.withLock { client.learnerBye = reason }
            client.onLog?("sidecar: the learner stopped: \(reason)")
            close()
        case .hello, .transitions, .episode:
            fail("\(message.type.name) is not a message a learner sends")
        }
    }

    /// Sends kept batches from `nextToSend` while the window and the socket allow.
    func pump() {
        guard isWelcomed, !closing, let context, context.channel.isWritable else { return }
        while let batch = client.batch(nextToSend) {
            send(.transitions(batch), flush: false)
            client.condition.withLock {
                client.counters.batchesSent += 1
                if batch.sequence <= client.highestSent { client.counters.batchesResent += 1 }
            }
            client.highestSent = max(client.highestSent, batch.sequence)
            nextToSend += 1
            if !context.channel.isWritable { break }
        }
        context.flush()
    }

    func send(_ message: SidecarMessage, flush: Bool = true) {
        guard let context, !closing else { return }
        lastSent = Monotonic.nanoseconds()
        let buffer = context.channel.allocator.buffer(bytes: FrameCodec.encode(message))
        if flush { context.writeAndFlush(wrapOutboundOut(buffer), promise: nil) }
        else { context.write(wrapOutboundOut(buffer), promise: nil) }
    }

    func bye(_ reason: String) -> EventLoopFuture<Void>? {
        guard let context, !closing else { return nil }
        send(.bye(reason: reason))
        closing = true
        return context.close()
    }

    private func fail(_ message: String) {
        send(.error(message: message))
        close()
    }

    private func close() {
        guard !closing, let context else { return }
        closing = true
        context.close(promise: nil)
    }
}
