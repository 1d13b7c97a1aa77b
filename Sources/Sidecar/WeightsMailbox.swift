import Atomics

/// Latest-wins hand-over of validated weights from the I/O thread to the acting thread, without
/// a lock: `put` (the I/O thread) keeps only the newest version, `take` (the acting thread)
/// empties the box with one atomic exchange.
///
/// Nothing is freed on the acting thread: `take` parks the envelope it took in a second slot,
/// and the next `put` or `collect` (both on the I/O thread) releases it there. While a parked
/// envelope waits, `take` returns nil (the payload waits one more call).
///
/// - Important: `take` is safe on the control tick: two atomic exchanges, no allocation, lock,
///   free or system call. Exactly one thread may put and collect, exactly one may take.
public final class WeightsMailbox<Payload>: @unchecked Sendable {
    /// One offered payload; a class so that a pointer-sized atomic can hold it.
    final class Envelope: AtomicReference {
        let version: UInt64
        let payload: Payload
        init(version: UInt64, payload: Payload) {
            self.version = version
            self.payload = payload
        }
    }

    private let incoming = ManagedAtomic<Envelope?>(nil)
    private let spent = ManagedAtomic<Envelope?>(nil)
    private let newestVersion = ManagedAtomic<UInt64>(0)

    /// Creates an empty mailbox.
    public init() {}

    /// Offers `payload` as `version`; ignored unless newer than every version put before.
    /// Releases what the acting side took since the last call. I/O thread only.
    /// - Returns: whether it was kept.
    @discardableResult
    public func put(version: UInt64, _ payload: Payload) -> Bool {
        collect()
        guard version > newestVersion.load(ordering: .acquiring) else { return false }
        newestVersion.store(version, ordering: .releasing)
        _ = incoming.exchange(Envelope(version: version, payload: payload), ordering: .acquiringAndReleasing)
        return true
    }

    /// Releases (on the calling thread) what the acting side took. I/O thread only.
    public func collect() {
        _ = spent.exchange(nil, ordering: .acquiringAndReleasing)
    }

    /// The newest payload not yet taken, if any. Acting thread only.
    /// - Important: Real-time safe: no allocation, lock, free or system call.
    public func take() -> (version: UInt64, payload: Payload)? {
        guard spent.load(ordering: .acquiring) == nil,
              let envelope = incoming.exchange(nil, ordering: .acquiringAndReleasing) else { return nil }
        // `spent` was empty and only this thread fills it: the exchange releases nothing.
        _ = spent.exchange(envelope, ordering: .acquiringAndReleasing)
        return (envelope.version, envelope.payload)
    }

    /// The newest version ever put (0: none).
    public var version: UInt64 { newestVersion.load(ordering: .acquiring) }
}
