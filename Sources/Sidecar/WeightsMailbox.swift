import Foundation

/// Latest-wins hand-over of validated weights from the I/O thread to the acting thread: `put`
/// keeps only the newest version, `take` empties the box. The acting side never waits for the
/// I/O side beyond one short lock.
public final class WeightsMailbox<Payload>: @unchecked Sendable {
    private let lock = NSLock()
    private var content: (version: UInt64, payload: Payload)?
    private var newestVersion: UInt64 = 0

    /// Creates an empty mailbox.
    public init() {}

    /// Offers `payload` as `version`; ignored unless newer than every version put before.
    /// - Returns: whether it was kept.
    @discardableResult
    public func put(version: UInt64, _ payload: Payload) -> Bool {
        lock.withLock {
            guard version > newestVersion else { return false }
            newestVersion = version
            content = (version, payload)
            return true
        }
    }

    /// The newest payload not yet taken, if any.
    public func take() -> (version: UInt64, payload: Payload)? {
        lock.withLock {
            defer { content = nil }
            return content
        }
    }

    /// The newest version ever put (0: none).
    public var version: UInt64 { lock.withLock { newestVersion } }
}
