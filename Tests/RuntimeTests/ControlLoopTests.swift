import Foundation
import ServoBus
import ServoWire
import SteadyCore
import SteadyTesting
import Testing
@testable import Runtime
@testable import Safety

@Suite struct ControlLoopTests {
    /// Every goal the twin received, decoded from the bytes of each sync write.
    func decodedGoals(_ harness: TwinLoopHarness) throws -> [[Int]] {
        let codec = makeCodec(for: harness.robot.protocolKind)
        let goal = ControlTable.for(harness.robot.joints[0].model)["Goal_Position"]!
        let table = ControlTable.for(harness.robot.joints[0].model)
        return try harness.faults.written.compactMap { frame in
            let request = try codec.request(from: try codec.decodeInstruction(frame))
            guard case let .syncWrite(address, _, items) = request.instruction, address == goal.address else { return nil }
            return items.map { table.decode($0.data, for: goal) }
        }
    }

    @Test("random policy outputs: every sync-written goal respects position, velocity, step, acceleration and jerk limits")
    func randomPolicyCommandsRespectLimits() throws {
        let robot = so101()
        for seed in UInt64(1)...4 {
            let safety = SafetyConfiguration.fromRobot(robot, maxStepRadians: 0.3, smoothing: seed % 2 == 0 ? .lowPass(cutoffHertz: 10) : .none,
                                                       gripperCapRadians: 0.2, stall: nil)
            let harness = try TwinLoopHarness(robot: robot, policy: RandomPolicy(jointCount: 6, seed: seed),
                                              configuration: LoopConfiguration(rateHz: 100, durationSeconds: 4, softStartSeconds: 0.2,
                                                                               holdSeconds: 0.2),
                                              safety: safety)
            let reason = harness.loop.run()
            #expect(reason == .duration)
            let records = harness.drainRecords()
            let goals = try decodedGoals(harness)
            let layout = harness.ring.layout
            let conversions = RobotCalibration.factory(for: robot).conversions(for: robot)
            let written = records.filter { TickStatus(rawValue: UInt32($0[layout.index(.status)])).contains(.written) }
            #expect(goals.count == written.count)
            let tick = 2 * Double.pi / 4096
            let period = 0.01
            // Position, velocity, max step, gripper cap, acceleration, braking and jerk, each
            // relative to the previous command and the present position, by the chain's own
            // documented priority rule (the oracle of SafetyChainPropertyTests).
            let configuration = harness.loop.chain.configuration
            var previous = harness.loop.startPose
            var velocity = Array(repeating: 0.0, count: 6), acceleration = velocity
            for (index, record) in written.enumerated() {
                let flags = SafetyFlags(rawValue: UInt32(record[layout.index(.flags)]))
                for joint in 0..<6 {
                    let command = record[layout.index(.command, joint: joint)]
                    // The bytes on the wire are the command, rounded to a tick.
                    let goal = goals[index][joint]
                    #expect(goal == conversions[joint].ticks(radians: command))
                    #expect(abs(conversions[joint].radians(ticks: goal) - command) <= tick / 2 + 1e-12)
                    let present = record[layout.index(.position, joint: joint)]
                    if let problem = SafetyChainPropertyTests.violation(
                        sent: command, joint: joint, configuration: configuration, period: period, previous: previous[joint],
                        velocity: velocity[joint], acceleration: acceleration[joint], present: present, flags: flags) {
                        Issue.record("seed \(seed) tick \(index) joint \(joint): \(problem)")
                    }
                    let newVelocity = (command - previous[joint]) / period
                    acceleration[joint] = (newVelocity - velocity[joint]) / period
                    velocity[joint] = newVelocity
                    previous[joint] = command
                }
            }
            #expect(written.count > 350)
        }
    }

    @Test("5% corrupt replies: the loop keeps its rate, retries, counts the errors and does not stop")
    func corruptRepliesAreRetried() throws {
        let robot = so101()
        let harness = try TwinLoopHarness(robot: robot, policy: SinePolicy(robot: robot, callRateHz: 100),
                                          configuration: LoopConfiguration(rateHz: 100, durationSeconds: 10, softStartSeconds: 0.5),
                                          corruptRate: 0.05)
        let reason = harness.loop.run()
        #expect(reason == .duration)
        let counters = harness.loop.counters.snapshot
        #expect(counters.missed == 0)
        #expect(counters.ticks >= 1000)
        #expect(harness.faults.corrupted > 100)
        #expect(harness.bus.statistics.retries > 50)
        // A tick fails only when all three attempts hit a damaged read (≈ 0.3³ of ticks here).
        #expect(counters.failedTicks < counters.ticks / 20)
    }

    @Test("the twin dies: the loop stops within 3 ticks and says the port vanished")
    func deadTwinStopsTheLoop() throws {
        let robot = so101()
        let harness = try TwinLoopHarness(robot: robot, policy: SinePolicy(robot: robot, callRateHz: 100),
                                          configuration: LoopConfiguration(rateHz: 100, softStartSeconds: 0.1))
        harness.loop.runTicks(50)
        #expect(harness.loop.phase == .active)
        harness.transport.isDead = true
        let before = harness.loop.counters.ticks.load(ordering: .relaxed)
        harness.loop.runTicks(10)
        #expect(harness.loop.phase == .finished)
        #expect(harness.loop.counters.ticks.load(ordering: .relaxed) - before <= 3)
        guard case .bus(.vanished, _)? = harness.loop.stopReason else {
            Issue.record("stop reason \(String(describing: harness.loop.stopReason))")
            return
        }
    }

    @Test("a silent motor: N failed ticks in a row stop the loop; fewer do not")
    func failedTicksWatchdog() throws {
        let robot = so101()
        let harness = try TwinLoopHarness(robot: robot, policy: HoldPolicy(jointCount: 6),
                                          configuration: LoopConfiguration(rateHz: 100, softStartSeconds: 0, maxFailedTicks: 3))
        harness.loop.runTicks(20)
        harness.faults.dropRate = 1
        harness.loop.runTicks(2)
        #expect(harness.loop.phase == .active)
        harness.faults.dropRate = 0
        harness.loop.runTicks(5)
        #expect(harness.loop.phase == .active)
        harness.faults.dropRate = 1
        harness.loop.runTicks(5)
        #expect(harness.loop.phase == .finished)
        #expect(harness.loop.counters.failedTicks.load(ordering: .relaxed) == 5)
    }

    @Test("a policy over its time budget is discarded: the target is held and the overrun counted")
    func slowPolicyHolds() throws {
        let robot = so101()
        let clock = ManualClock()
        let policy = SlowPolicy(clock: clock, nanoseconds: 8_000_000)   // 80 % of a 10 ms period
        let twin = ServoTwin(robot: robot)
        let transport = TwinTransport(twin: twin)
        let bus = try SerialControlBus(robot: robot, transport: transport)
        let ring = TickRecordRing(layout: TickRecordLayout(jointCount: 6), minimumCapacity: 256)
        let loop = ControlLoop(robot: robot, conversions: RobotCalibration.factory(for: robot).conversions(for: robot), bus: bus,
                               chain: try SafetyChain(robot: robot), policy: policy, clock: clock,
                               configuration: LoopConfiguration(rateHz: 100, softStartSeconds: 0), ring: ring)
        try loop.prepare()
        loop.runTicks(20)
        #expect(loop.counters.policyOverruns.load(ordering: .relaxed) == 20)
        for joint in 0..<6 { #expect(abs(loop.chain.lastSafeCommand[joint]) < 1e-9) }   // held at the start pose
        #expect(loop.counters.missed.load(ordering: .relaxed) == 0)
    }

    @Test("a motor error bit stops the loop naming the joint")
    func motorErrorStops() throws {
        let robot = so101()
        let harness = try TwinLoopHarness(robot: robot, policy: HoldPolicy(jointCount: 6),
                                          configuration: LoopConfiguration(rateHz: 100, softStartSeconds: 0))
        harness.loop.runTicks(10)
        harness.twin.motors[2].set("Temperature_Limit", 20)   // below ambient: the firmware overheats
        harness.loop.runTicks(100)
        #expect(harness.loop.phase == .finished)
        #expect(harness.loop.stopReason == .motorError(joint: 2, statusError: 0x04))
    }

    @Test("missed deadlines are skipped, not made up, and counted")
    func missedDeadlinesAreSkipped() throws {
        let robot = so101()
        let harness = try TwinLoopHarness(robot: robot, policy: HoldPolicy(jointCount: 6),
                                          configuration: LoopConfiguration(rateHz: 100, softStartSeconds: 0))
        harness.loop.runTicks(5)
        harness.clock.advance(byNanoseconds: 35_000_000)   // the thread was away 3.5 periods: it wakes
        // 25 ms after deadline 6, skips deadlines 6 and 7 and runs deadline 8, 5 ms late.
        harness.loop.runTicks(3)
        let records = harness.drainRecords()
        let layout = harness.ring.layout
        let ticks = records.map { Int($0[layout.index(.tick)]) }
        #expect(harness.loop.counters.missed.load(ordering: .relaxed) == 2)
        #expect(ticks == [1, 2, 3, 4, 5, 8, 9, 10])
        #expect(records[5][layout.index(.missed)] == 2)
        #expect(records[5][layout.index(.latenessMicroseconds)] == 5000)
    }
}
