import Foundation
import NIOCore
import NIOPosix

/// The learner's side of the wire: accepts actors on a Unix socket and/or TCP, runs each
/// connection's handshake, checks, heartbeats and timeouts (`LearnerConnection`), hands
/// batches and episodes to the learner thread through a `LearnerInbox`, and sends what the
/// learner thread asks for: acknowledgements and the newest weights.
///
/// One event-loop thread does all socket work; the learner thread calls `acknowledge`,
/// `publish` and `stop`, which hop onto it.
public final class LearnerServer: @unchecked Sendable {
    /// The learner's spec; actors must match it.
    public let spec: SidecarSpec
    /// Connection rules.
    public let settings: LearnerSettings
    /// Per-actor delivery state.
    public let ledger: DeliveryLedger
    /// Where batches and episodes go.
    public let inbox: LearnerInbox
    /// The largest frame accepted.
    let maximumFrameLength: Int

    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    var loop: EventLoop { group.next() }
    private var listeners: [Channel] = []
    /// The connected actors by ledger key; touched only on the event loop.
    var connections: [String: LearnerConnection] = [:]
    /// Connections open (handshake done or not); touched only on the event loop.
    var openConnections = 0
    /// The newest weights and the exploration state that goes with them; event loop only.
    var latest: (version: UInt64, weights: [UInt8], exploration: [UInt8]?)?
    private let counters = NSLock()
    private var _refused = 0, _timedOut = 0, _protocolErrors = 0

    /// Creates a server for `spec` (observation and action sizes bound the frame length).
    public init(spec: SidecarSpec, settings: LearnerSettings, ledger: DeliveryLedger, inbox: LearnerInbox) {
        self.spec = spec
        self.settings = settings
        self.ledger = ledger
        self.inbox = inbox
        maximumFrameLength = settings.maximumFrameLength(observationSize: Int(spec["observation_size"] ?? "") ?? 1024,
                                                         actionSize: Int(spec["action_size"] ?? "") ?? 1024)
    }

    /// Starts listening on `address`; returns the address actually bound (a TCP port 0 becomes
    /// the port chosen). A Unix socket is created with mode 0600, replacing a stale one.
    /// - Throws: NIO's `IOError` naming the system call, e.g. for an address in use.
    @discardableResult
    public func listen(on address: SidecarAddress) throws -> SidecarAddress {
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 64)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { [self] channel in
                channel.pipeline.addHandler(LearnerConnection(server: self))
            }
        switch address {
        case let .unix(path):
            let old = umask(0o177)   // the socket file is created 0600: only its owner can connect
            defer { umask(old) }
            let channel = try bootstrap.bind(unixDomainSocketPath: path, cleanupExistingSocketFile: true).wait()
            listeners.append(channel)
            return address
        case let .tcp(host, port):
            let channel = try bootstrap.bind(host: host, port: port).wait()
            listeners.append(channel)
            return .tcp(host: host, port: channel.localAddress?.port ?? port)
        }
    }

    /// Tells `actor` that batches up to `applied` are stored and up to `durable` saved.
    public func acknowledge(actor: String, applied: UInt64, durable: UInt64) {
        loop.execute { [self] in connections[actor]?.send(.ack(appliedSequence: applied, durableSequence: durable)) }
    }

    /// Acknowledges every connected actor from the ledger (after a checkpoint).
    public func acknowledgeAll() {
        let entries = ledger.snapshot
        loop.execute { [self] in
            for (key, connection) in connections {
                if let entry = entries[key] { connection.send(.ack(appliedSequence: entry.applied, durableSequence: entry.durable)) }
            }
        }
    }

    /// Closes `actor`'s connection with `ERROR` (a sequence gap the learner found).
    public func fail(actor: String, message: String) {
        loop.execute { [self] in connections[actor]?.fail(message) }
    }

    /// Makes `weights` (and `exploration`) the newest version and sends it to every actor
    /// that can take it now; a connection whose output is backed up gets it once it drains.
    public func publish(version: UInt64, weights: [UInt8], exploration: [UInt8]?) {
        loop.execute { [self] in
            latest = (version, weights, exploration)
            for connection in connections.values { connection.offerLatestWeights() }
        }
    }

    /// Actors connected now with their names, from the event loop.
    public func connectedActors() -> [String] {
        (try? loop.submit { [self] in Array(connections.keys) }.wait()) ?? []
    }

    /// Counts of connections refused (too many or REJECT), timed out, and closed for a protocol error.
    public var failureCounts: (refused: Int, timedOut: Int, protocolErrors: Int) {
        counters.withLock { (_refused, _timedOut, _protocolErrors) }
    }

    func count(refused: Int = 0, timedOut: Int = 0, protocolErrors: Int = 0) {
        counters.withLock {
            _refused += refused
            _timedOut += timedOut
            _protocolErrors += protocolErrors
        }
    }

    /// Sends `BYE` to every actor, closes the listeners and every connection, and stops the loop.
    public func stop(reason: String = "learner stopping") {
        let closing = try? loop.submit { [self] () -> [EventLoopFuture<Void>] in
            let futures = connections.values.map { $0.bye(reason) }
            connections.removeAll()
            return futures
        }.wait()
        if let closing { _ = try? EventLoopFuture.andAllComplete(closing, on: loop).wait() }
        for listener in listeners { try? listener.close().wait() }
        listeners.removeAll()
        try? group.syncShutdownGracefully()
    }
}
