import Foundation

/// The learner's per-actor delivery state, keyed by `actor_id`: what it applied, what its last
/// checkpoint holds, and the counters of the status line. Saved with every checkpoint.
///
/// Thread-safe: the learner thread applies batches, the connections read it for `WELCOME`.
public final class DeliveryLedger: @unchecked Sendable {
    /// One actor's state.
    public struct Entry: Codable, Equatable, Sendable {
        /// The actor's name as it last said it.
        public var name: String
        /// Every batch up to this one is in the replay buffer.
        public var applied: UInt64 = 0
        /// Every batch up to this one is in the last checkpoint.
        public var durable: UInt64 = 0
        /// Transitions stored.
        public var transitions = 0
        /// Batches that arrived again after they were applied (acknowledged, not stored).
        public var duplicates = 0
        /// Episodes reported.
        public var episodes = 0
        /// The last reported episode return.
        public var lastReturn: Double?
    }

    /// What to do with a batch.
    public enum Verdict: Equatable, Sendable {
        /// The next batch: store it.
        case apply
        /// Already applied: acknowledge again, count, do not store.
        case duplicate
        /// A sequence number past the next one.
        case gap(expected: UInt64)
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]

    /// Creates an empty ledger, or one restored from a checkpoint's entries.
    public init(entries: [String: Entry] = [:]) {
        self.entries = entries
    }

    /// The key of a 16-byte actor id: its hex.
    public static func key(_ actorID: [UInt8]) -> String { hex(actorID) }

    /// An actor's state (a fresh one for an actor never seen), recording its name.
    public func register(_ key: String, name: String) -> Entry {
        lock.withLock {
            var entry = entries[key] ?? Entry(name: name)
            entry.name = name
            entries[key] = entry
            return entry
        }
    }

    /// Whether batch `sequence` of `key` is to be stored, acknowledged again, or is a gap.
    public func verdict(_ key: String, sequence: UInt64) -> Verdict {
        lock.withLock {
            let applied = entries[key]?.applied ?? 0
            if sequence == applied + 1 { return .apply }
            if sequence <= applied { return .duplicate }
            return .gap(expected: applied + 1)
        }
    }

    /// Records batch `sequence` of `count` transitions as stored.
    public func applied(_ key: String, sequence: UInt64, count: Int) {
        lock.withLock {
            entries[key, default: Entry(name: "?")].applied = sequence
            entries[key, default: Entry(name: "?")].transitions += count
        }
    }

    /// Counts a duplicate batch.
    public func duplicate(_ key: String) { lock.withLock { entries[key, default: Entry(name: "?")].duplicates += 1 } }

    /// Counts an episode report.
    public func episode(_ key: String, return value: Double?) {
        lock.withLock {
            entries[key, default: Entry(name: "?")].episodes += 1
            if let value { entries[key, default: Entry(name: "?")].lastReturn = value }
        }
    }

    /// Marks everything applied as durable (call once a checkpoint holding it is on disk) and
    /// returns the entries as saved.
    @discardableResult
    public func markDurable() -> [String: Entry] {
        lock.withLock {
            for key in entries.keys { entries[key]!.durable = entries[key]!.applied }
            return entries
        }
    }

    /// Every entry now.
    public var snapshot: [String: Entry] { lock.withLock { entries } }

    /// One actor's entry.
    public subscript(key: String) -> Entry? { lock.withLock { entries[key] } }
}
