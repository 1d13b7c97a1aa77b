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
        var ok = 0
        for _ in 0..<30 {
            let start = Monotonic.nanoseconds()
            if bus.readPresent(into: state, deadlineNanoseconds: start + 4_000_000) == .ok { ok += 1 }
            while Monotonic.nanoseconds() < start + 5_000_000 {}
        }
        print("ok \(ok) of 30, stale \(bus.statistics.staleReplies), timeouts \(bus.statistics.timeouts)")
        #expect(ok == 0, "a reply 10 ms late cannot answer a read that waited 4 ms")
        #expect(bus.statistics.staleReplies > 0)
    }
}
