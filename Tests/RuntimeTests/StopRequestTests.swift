import Foundation
import SteadyCore
import SteadyTesting
import Testing
@testable import Runtime

/// A stop request (what SIGINT and SIGTERM do) ends every phase within a tick: the soft start
/// and the active phase begin the planned stop at once, a hold ends at once, and a planned stop
/// under way ends as soon as the joints are at rest. Counted in ticks of a manual clock.
@Suite struct StopRequestTests {
    /// A sine run at 100 Hz on an in-process twin.
    func harness(softStart: Double = 0.2, duration: Double? = nil, hold: Double = 0.5) throws -> TwinLoopHarness {
        let robot = so101()
        return try TwinLoopHarness(robot: robot, policy: SinePolicy(robot: robot, callRateHz: 100, frequencyHz: 1),
                                   configuration: LoopConfiguration(rateHz: 100, durationSeconds: duration,
                                                                    softStartSeconds: softStart, holdSeconds: hold))
    }

    /// Ticks run until the loop finishes (at most `limit`).
    func ticksToFinish(_ loop: ControlLoop, limit: Int = 100_000) -> Int {
        var ticks = 0
        while loop.phase != .finished && ticks < limit {
            loop.runTicks(1)
            ticks += 1
        }
        return ticks
    }

    @Test("during the soft start and the active phase: the planned stop begins on the next tick, and the hold is skipped",
          arguments: [5, 400])
    func requestWhileMoving(ticksBefore: Int) throws {
        let h = try harness(softStart: 30)
        h.loop.runTicks(ticksBefore)
        #expect(h.loop.phase == (ticksBefore < 3000 ? .softStart : .active))
        h.loop.requestStop()
        h.loop.runTicks(1)
        #expect(h.loop.phase == .stopping)
        #expect(h.loop.stopReason == .requested)
        let plannedTicks = h.loop.plannedStop.ticks
        let ticks = 1 + ticksToFinish(h.loop)
        #expect(ticks <= plannedTicks + 2, "finished \(ticks) ticks after the request; the deceleration takes \(plannedTicks)")
        #expect(plannedTicks <= 31, "so101's deceleration to rest takes at most 3·v/a = 0.3 s")
    }

    @Test("during a 60 s hold after the duration was reached: the run ends on the next tick")
    func requestDuringTheHold() throws {
        let h = try harness(duration: 1, hold: 60)
        while h.loop.phase != .stopping { h.loop.runTicks(1) }
        h.loop.runTicks(200)   // well past the deceleration: holding still
        #expect(h.loop.phase == .stopping && h.loop.plannedStop.ticksLeft == 0)
        h.loop.requestStop()
        #expect(ticksToFinish(h.loop) <= 2)
        #expect(h.loop.stopReason == .duration)
    }

    @Test("during the planned stop of a duration stop: the run ends once the joints are at rest, not after the hold")
    func requestDuringThePlannedStop() throws {
        let h = try harness(duration: 3, hold: 60)
        while h.loop.phase != .stopping { h.loop.runTicks(1) }
        h.loop.runTicks(2)
        let left = h.loop.plannedStop.ticksLeft
        #expect(left > 0, "the sine was moving: there is a deceleration to finish")
        h.loop.requestStop()
        let ticks = ticksToFinish(h.loop)
        #expect(ticks <= left + 2, "\(ticks) ticks, \(left) of deceleration left")
    }

    @Test("without a request, the hold lasts as configured")
    func holdWithoutRequest() throws {
        let h = try harness(duration: 1, hold: 2)
        while h.loop.phase != .stopping { h.loop.runTicks(1) }
        let ticks = ticksToFinish(h.loop)
        #expect(ticks >= 199 && ticks <= 201, "\(ticks) ticks of hold at 100 Hz")
    }
}
