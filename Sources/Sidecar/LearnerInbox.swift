import Foundation

/// What the connections hand the learner thread: batches to store and episodes to log.
///
/// Bounded: each connection has at most `window` batches in it (the connection refuses more),
/// and episodes past `episodeLimit` waiting are dropped and counted.
public final class LearnerInbox: @unchecked Sendable {
    /// One event.
    public enum Event: Sendable {
        case batch(actor: String, TransitionBatch)
        case episode(actor: String, SidecarMessage.EpisodeReport)
    }

    private let condition = NSCondition()
    private var events: [Event] = []
    private var head = 0
    private var episodesWaiting = 0
    /// The most episode reports waiting at once.
    public let episodeLimit: Int
    /// Episode reports dropped because too many were waiting.
    public private(set) var droppedEpisodes = 0

    /// Creates an empty inbox.
    public init(episodeLimit: Int = 1024) { self.episodeLimit = episodeLimit }

    /// Adds an event and wakes the learner.
    public func put(_ event: Event) {
        condition.lock()
        defer { condition.unlock() }
        if case .episode = event {
            guard episodesWaiting < episodeLimit else { droppedEpisodes += 1; return }
            episodesWaiting += 1
        }
        events.append(event)
        condition.signal()
    }

    /// The oldest event, waiting up to `timeoutSeconds` for one.
    public func take(timeoutSeconds: Double) -> Event? {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date(timeIntervalSinceNow: timeoutSeconds)
        while head == events.count {
            if !condition.wait(until: deadline) { return nil }
        }
        let event = events[head]
        head += 1
        if head == events.count || head > 4096 {
            events.removeSubrange(0..<head)
            head = 0
        }
        if case .episode = event { episodesWaiting -= 1 }
        return event
    }

    /// Events waiting.
    public var count: Int {
        condition.lock()
        defer { condition.unlock() }
        return events.count - head
    }
}
