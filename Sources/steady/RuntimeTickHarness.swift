import Foundation
import Runtime
import SteadyTesting
import SteadyCore
import Safety

/// A control loop over an in-memory bus with every safety stage on, ticked by hand: what
/// `steady bench tick` measures.
final class TickHarness {
    let loop: ControlLoop
    let ring: TickRecordRing
    let clock: ManualClock

    /// Called between batches of ticks, off the tick (a learning policy's I/O side).
    var betweenBatches: () -> Void = {}

    /// A harness around `policy` (nil: a sine policy called every other tick).
    init(robot: RobotDescription, policy: Policy? = nil, policyRateHz: Double? = nil) throws {
        let rate = 1000.0
        let safety = SafetyConfiguration.fromRobot(
            robot, maxStepRadians: 0.5, smoothing: .lowPass(cutoffHertz: 20), policyPeriodSeconds: 1 / (policyRateHz ?? rate / 2),
            gripperCapRadians: 0.3, stall: .standard, temperature: .standard)
        let chain = try SafetyChain(configuration: safety)
        let bus = InMemoryControlBus(robot: robot)
        let conversions = RobotCalibration.factory(for: robot).conversions(for: robot)
        clock = ManualClock()
        ring = TickRecordRing(layout: TickRecordLayout(jointCount: robot.joints.count), minimumCapacity: 1024)
        let callRate = policyRateHz ?? rate / 2
        let policy = policy ?? SinePolicy(robot: robot, callRateHz: callRate)
        loop = ControlLoop(robot: robot, conversions: conversions, bus: bus, chain: chain, policy: policy, clock: clock,
                           configuration: LoopConfiguration(rateHz: rate, softStartSeconds: 0, policyRateHz: callRate,
                                                            policyBudgetFraction: 1),
                           ring: ring)
        try loop.prepare()
    }

    /// Runs `count` ticks through `ControlLoop.run`, emptying the ring as a logger would.
    /// Returns the ticks run.
    func runTicks(_ count: Int) -> Int {
        let before = loop.counters.ticks.load(ordering: .relaxed)
        var left = count
        while left > 0 {
            let batch = min(left, 512)
            loop.runTicks(batch)
            while ring.peek() != nil { ring.release() }
            betweenBatches()
            left -= batch
        }
        return loop.counters.ticks.load(ordering: .relaxed) - before
    }
}
