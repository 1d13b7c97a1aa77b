import Foundation
import Testing
import ServoBus
import ServoWire
import SteadyCore

/// The tick's bus against a twin whose replies come late, through a real pseudo-terminal.
@Suite(.serialized) struct ReplyFreshnessPtyTests {
    @Test("a twin 10 ms late: the round trip measures it, and reads with a 4 ms budget take no late reply")
    func lateTwin() throws {
        let robot = try shippedRobot("so101")
        let terminal = try PseudoTerminal()
        let server = try TwinServer(twin: ServoTwin(robot: robot), terminal: terminal, options: TwinOptions(latencyMilliseconds: 10))
        server.start()
        defer { server.stop() }
        let bus = try SerialControlBus(robot: robot, transport: try SerialPort(path: terminal.slavePath, baudRate: robot.baudRate))
        let trip = bus.measureRoundTrip(wanted: 5)
        print("round trips (ms):", trip.nanoseconds.map { Double($0) / 1e6 }, "of", trip.attempts)
        #expect(trip.nanoseconds.count == 5)
        #expect((trip.medianNanoseconds ?? 0) >= 10_000_000)
        let state = PresentState(jointCount: 6)
        bus.attemptTimeoutNanoseconds = 4_000_000
        bus.retries = 0
        // A read can still end .ok when this thread is descheduled past its deadline long enough
        // for its own reply to arrive (a loaded CI machine): that reply answers this request and
        // took the twin's 10 ms. What must never happen is a reply in less than the latency —
        // that one would answer an earlier request.
        var okMilliseconds: [Double] = []
        for _ in 0..<30 {
            let start = Monotonic.nanoseconds()
            if bus.readPresent(into: state, deadlineNanoseconds: start + 4_000_000) == .ok {
                okMilliseconds.append(Double(Monotonic.nanoseconds() - start) / 1e6)
            }
            while Monotonic.nanoseconds() < start + 5_000_000 {}
        }
        print("ok \(okMilliseconds.count) of 30 (ms: \(okMilliseconds)), stale \(bus.statistics.staleReplies), timeouts \(bus.statistics.timeouts)")
        #expect(okMilliseconds.allSatisfy { $0 >= 10 }, "a reply 10 ms late cannot answer a read sooner than 10 ms")
        #expect(okMilliseconds.count < 15, "most reads with a 4 ms budget end without a reply")
        #expect(bus.statistics.staleReplies > 0)
    }
}
