import Foundation
import ServoBus
import SteadyCore
import SteadyTesting
@testable import Runtime
@testable import Safety

/// A control loop over an in-process twin, driven by a manual clock that steps the twin's physics.
final class TwinLoopHarness {
    let robot: RobotDescription
    let twin: ServoTwin
    let transport: TwinTransport
    let faults: FaultInjectingTransport
    let bus: SerialControlBus
    let clock = ManualClock()
    let ring: TickRecordRing
    let loop: ControlLoop

    init(robot: RobotDescription, policy: Policy, configuration: LoopConfiguration,
         safety: SafetyConfiguration? = nil, corruptRate: Double = 0, dropRate: Double = 0, seed: UInt64 = 7) throws {
        self.robot = robot
        twin = ServoTwin(robot: robot)
        transport = TwinTransport(twin: twin)
        faults = FaultInjectingTransport(wrapping: transport, corruptRate: corruptRate, dropRate: dropRate, seed: seed)
        bus = try SerialControlBus(robot: robot, transport: faults)
        let robotBus = RobotBus(robot: robot, bus: PacketBus(transport: transport, protocolKind: robot.protocolKind))
        try robotBus.setTorque(true)
        let chain = try SafetyChain(configuration: safety ?? .fromRobot(robot))
        ring = TickRecordRing(layout: TickRecordLayout(jointCount: robot.joints.count), minimumCapacity: 1 << 16)
        loop = ControlLoop(robot: robot, conversions: RobotCalibration.factory(for: robot).conversions(for: robot),
                           bus: bus, chain: chain, policy: policy, clock: clock, configuration: configuration, ring: ring)
        let twin = self.twin
        clock.onAdvance = { seconds in try? twin.advance(seconds: seconds) }
        try loop.prepare()
    }

    /// Every record in the ring, removed from it.
    func drainRecords() -> [[Double]] {
        var records: [[Double]] = []
        while let record = ring.peek() {
            records.append(Array(UnsafeBufferPointer(start: record, count: ring.layout.stride)))
            ring.release()
        }
        return records
    }
}

/// A policy whose every output is chosen by a seeded generator: NaN, ±∞, huge values, random
/// walks and jumps.
final class RandomPolicy: Policy {
    let name = "random"
    private var random: SeededGenerator
    private var walk: [Float]
    init(jointCount: Int, seed: UInt64) {
        random = SeededGenerator(seed: seed)
        walk = Array(repeating: 0, count: jointCount)
    }
    func reset() {}
    func act(observation: UnsafeBufferPointer<Float>, action: UnsafeMutableBufferPointer<Float>) {
        let mode = random.next() % 8
        for joint in 0..<action.count {
            walk[joint] += Float(random.nextUnit() - 0.5) * 0.2
            switch mode {
            case 0: action[joint] = .nan
            case 1: action[joint] = random.next() % 2 == 0 ? .infinity : -.infinity
            case 2: action[joint] = Float(random.nextUnit() - 0.5) * 2e30
            case 3: action[joint] = Float(random.nextUnit() - 0.5) * 10
            default: action[joint] = walk[joint]
            }
        }
    }
}

/// A policy that first holds the observed pose (the soft start has nothing to do), then asks
/// for 0.5 rad everywhere, taking `nanoseconds` of manual-clock time per call.
final class SlowPolicy: Policy {
    let name = "slow"
    let clock: ManualClock
    let nanoseconds: UInt64
    private var calls = 0
    init(clock: ManualClock, nanoseconds: UInt64) {
        self.clock = clock
        self.nanoseconds = nanoseconds
    }
    func reset() { calls = 0 }
    func act(observation: UnsafeBufferPointer<Float>, action: UnsafeMutableBufferPointer<Float>) {
        for joint in 0..<action.count { action[joint] = calls == 0 ? observation[joint] : 0.5 }
        calls += 1
        clock.advance(byNanoseconds: nanoseconds)
    }
}
