import SteadyCore

extension SerialControlBus {
    /// How long the bus takes to answer the tick's sync read, measured before a run.
    public struct RoundTrip: Sendable {
        /// Durations of the sync reads every motor answered, request to last reply, sorted, ns.
        public var nanoseconds: [UInt64]
        /// Sync reads tried.
        public var attempts: Int

        /// The median round trip, ns (nil when no read was answered in full).
        public var medianNanoseconds: UInt64? { nanoseconds.isEmpty ? nil : nanoseconds[nanoseconds.count / 2] }
    }

    /// Times sync reads of every motor, each allowed `timeoutNanoseconds` and no retry, until
    /// `wanted` were answered in full or `maximumAttempts` were tried. Not for the tick: it
    /// allocates and waits.
    public func measureRoundTrip(wanted: Int = 15, maximumAttempts: Int = 40,
                                 timeoutNanoseconds: UInt64 = 500_000_000) -> RoundTrip {
        let state = PresentState(jointCount: jointCount)
        let (savedTimeout, savedRetries) = (attemptTimeoutNanoseconds, retries)
        defer { (attemptTimeoutNanoseconds, retries) = (savedTimeout, savedRetries) }
        attemptTimeoutNanoseconds = timeoutNanoseconds
        retries = 0
        var result = RoundTrip(nanoseconds: [], attempts: 0)
        while result.nanoseconds.count < wanted && result.attempts < maximumAttempts {
            result.attempts += 1
            let start = Monotonic.nanoseconds()
            let outcome = readPresent(into: state, deadlineNanoseconds: start + timeoutNanoseconds)
            if outcome == .ok { result.nanoseconds.append(Monotonic.nanoseconds() - start) }
            if outcome == .vanished { break }
        }
        result.nanoseconds.sort()
        return result
    }
}
