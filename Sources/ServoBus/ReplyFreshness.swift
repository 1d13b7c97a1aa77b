import SteadyCore

/// Proves which request a reply answers, so that the tick's bus takes a reply only when it
/// answers this tick's own request: a reply older than its tick is never taken as present state.
///
/// A serial line delivers bytes first in, first out, and a motor answers a request once (once
/// per attempt). Each tick's sync read carries a *tag*, one of `count` reply lengths. A request
/// is *open* from the moment it is sent until every reply it asked for has arrived, or a reply
/// to a later request has (by FIFO, everything before it has then arrived or is lost), or
/// `horizonNanoseconds` have passed (the one assumption: no reply is that late; a USB adapter's
/// latency timer is at most 255 ms). A request gets a tag that no open request has, so a reply
/// with the current request's tag can only answer the current request; when every tag is open
/// — replies arrive ticks late — no request can be sent that the bus could tell apart, and the
/// tick fails instead.
///
/// - Important: Real-time safe once created: arithmetic on preallocated buffers.
final class ReplyFreshness {
    /// Number of tags.
    let count: Int
    /// How long an unanswered request stays open at most, nanoseconds.
    var horizonNanoseconds: UInt64
    private let sequence: JointBuffer<UInt64>
    private let sentNanoseconds: JointBuffer<UInt64>
    private let open: JointBuffer<Bool>
    private let seen: JointBuffer<Int>
    private let expected: JointBuffer<Int>
    private var sent: UInt64 = 0
    private var last = -1
    /// The tag of the request in flight this tick, −1 between ticks.
    private(set) var current = -1

    init(count: Int, horizonNanoseconds: UInt64 = 1_000_000_000) {
        self.count = count
        self.horizonNanoseconds = horizonNanoseconds
        sequence = JointBuffer(count: count, repeating: 0)
        sentNanoseconds = JointBuffer(count: count, repeating: 0)
        open = JointBuffer(count: count, repeating: false)
        seen = JointBuffer(count: count, repeating: 0)
        expected = JointBuffer(count: count, repeating: 0)
    }

    /// Starts a new request: picks a tag no open request has (nil when every tag is open).
    func begin(nowNanoseconds now: UInt64) -> Int? {
        for step in 1...count {
            let tag = (last + step) % count
            if open[tag], now &- sentNanoseconds[tag] > horizonNanoseconds { open[tag] = false }
            guard !open[tag] else { continue }
            sent += 1
            sequence[tag] = sent
            sentNanoseconds[tag] = now
            open[tag] = true
            seen[tag] = 0
            expected[tag] = 0
            last = tag
            current = tag
            return tag
        }
        return nil
    }

    /// Records that the current request went out (again) to `replies` motors.
    func sent(replies: Int) { expected[current] += replies }

    /// Ends the tick: any later reply is stale.
    func end() { current = -1 }

    /// Accounts for a reply with `tag`; returns whether it answers the current request.
    func received(tag: Int) -> Bool {
        let answersCurrent = tag == current && open[tag]
        if open[tag] {
            seen[tag] += 1
            if seen[tag] >= expected[tag] && tag != current { open[tag] = false }
        }
        // First in, first out: every request sent before this one has been answered or lost.
        for other in 0..<count where open[other] && sequence[other] < sequence[tag] { open[other] = false }
        return answersCurrent
    }

    /// Closes the current request if every reply it asked for has arrived.
    func closeCurrentIfComplete() {
        if current >= 0, seen[current] >= expected[current] { open[current] = false }
    }
}
