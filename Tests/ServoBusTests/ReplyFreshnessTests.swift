import Foundation
import Testing
import ServoBus
import ServoWire
import SteadyCore
import SteadyTesting

/// The tick's bus never takes a reply older than its own request (issue 15, item 2): replies
/// that arrive ticks late, in order, are rejected however late they are, and a read that
/// succeeds reads the twin as it was when the read was sent.
@Suite struct ReplyFreshnessTests {
    /// A moving so101 twin, a tick bus reaching it through a `LaggingTransport`, and a way to
    /// read what the motors hold now.
    final class Rig {
        let twin: ServoTwin
        let lagging: LaggingTransport
        let bus: SerialControlBus
        let reference: RobotBus
        let state = PresentState(jointCount: 6)

        init(lag: Int) throws {
            let robot = try shippedRobot("so101")
            twin = ServoTwin(robot: robot, plant: FirstOrderPlant(models: robot.joints.map(\.model)))
            reference = RobotBus(robot: robot, bus: PacketBus(transport: TwinTransport(twin: twin), protocolKind: .feetech,
                                                             retries: 0, latencyAllowanceSeconds: 0))
            try reference.setTorque(true)
            try reference.write(.goalPosition, values: [3500, 600, 3500, 600, 3500, 3500])   // far: every joint moves
            lagging = LaggingTransport(wrapping: TwinTransport(twin: twin), lag: lag)
            bus = try SerialControlBus(robot: robot, transport: lagging, retries: 0)
        }

        /// Advances the twin one 10 ms tick and reads; returns whether the read succeeded, and
        /// whether what it read is the twin's present position.
        func tick() throws -> (ok: Bool, fresh: Bool) {
            try twin.advance(seconds: 0.01)
            let now = try reference.readPresent().map(\.positionTicks)
            let ok = bus.readPresent(into: state, deadlineNanoseconds: Monotonic.nanoseconds() + 1_000_000_000) == .ok
            return (ok, Array(state.positionTicks) == now)
        }
    }

    @Test("replies on time: every read succeeds and reads the present")
    func onTime() throws {
        let rig = try Rig(lag: 0)
        for _ in 0..<40 {
            let (ok, fresh) = try rig.tick()
            #expect(ok && fresh)
        }
        #expect(rig.bus.statistics.staleReplies == 0)
    }

    @Test("replies 1, 2, 3, 5 or 8 ticks late are all rejected, never taken as the present", arguments: [1, 2, 3, 5, 8])
    func late(lag: Int) throws {
        let rig = try Rig(lag: lag)
        var succeeded = 0
        for _ in 0..<40 where try rig.tick().ok { succeeded += 1 }
        #expect(succeeded == 0)
        if lag < 4 {
            #expect(rig.bus.statistics.staleReplies > 0, "late replies are seen and counted")
        } else {
            // Four requests are awaited: the bus sends no more it could not tell apart (this
            // transport releases replies only when more requests come; a real line's arrive).
            #expect(rig.bus.statistics.timeouts == 40)
        }
    }

    @Test("a bus that falls behind for a while and recovers: no stale read in between, fresh reads after")
    func fallsBehindAndRecovers() throws {
        let rig = try Rig(lag: 0)
        for _ in 0..<10 { #expect(try rig.tick() == (true, true)) }
        rig.lagging.lag = 2
        for _ in 0..<10 {
            let (ok, fresh) = try rig.tick()
            #expect(!ok || fresh, "a read that succeeds while the bus lags must still read the present")
        }
        rig.lagging.lag = 0
        var recovered = 0
        for _ in 0..<10 {
            let (ok, fresh) = try rig.tick()
            #expect(!ok || fresh)
            if ok { recovered += 1 }
        }
        #expect(recovered >= 8, "fresh reads resume within a couple of ticks (\(recovered) of 10)")
    }
}
