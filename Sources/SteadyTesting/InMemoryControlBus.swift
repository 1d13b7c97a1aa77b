import ServoBus
import ServoWire
import SteadyCore

/// A `ControlBus` without I/O: reads return a stored present state in which every motor is
/// where it was last told to go; writes store the goals. What `steady bench tick` measures the
/// tick's own work against, and a double for tests.
///
/// - Important: Real-time safe: no allocation, no locks, no system calls.
public final class InMemoryControlBus: ControlBus {
    public let jointCount: Int
    public private(set) var statistics = BusStatistics()
    /// The state the next read returns; goals written move `positionTicks` there.
    public let present: PresentState
    /// The last goals written, raw ticks.
    public let goals: JointBuffer<Int>
    /// Whether written goals move `present.positionTicks` (an arm that follows); false: the arm
    /// stays put (a blocked arm, for stall tests).
    public var followsGoals = true
    /// Register writes seen (joint, address, value), most recent last; at most `jointCount * 4` kept.
    public private(set) var registerWrites: [(joint: Int, address: Int, value: Int)] = []

    /// Creates a bus of `robot`'s motors, each at its half turn (0 rad with factory calibration).
    public init(robot: RobotDescription) {
        jointCount = robot.joints.count
        present = PresentState(jointCount: jointCount)
        goals = JointBuffer(count: jointCount, repeating: 0)
        for (index, joint) in robot.joints.enumerated() {
            present.positionTicks[index] = joint.model.halfTurnTicks
            present.temperatureCelsius[index] = 30
            present.voltage[index] = Int(joint.model.nominalVolts * 10)
            present.hasCurrent[index] = true
            goals[index] = joint.model.halfTurnTicks
        }
        registerWrites.reserveCapacity(jointCount * 4)
    }

    public func readPresent(into state: PresentState, deadlineNanoseconds: UInt64) -> BusOutcome {
        statistics.transactions += 1
        for joint in 0..<jointCount { state.copy(joint: joint, from: present) }
        return .ok
    }

    public func writeGoals(_ ticks: UnsafeBufferPointer<Int>) -> BusOutcome {
        statistics.transactions += 1
        for joint in 0..<jointCount {
            goals[joint] = ticks[joint]
            if followsGoals { present.positionTicks[joint] = ticks[joint] }
        }
        return .ok
    }

    public func write(_ register: RegisterCoding, joint: Int, value: Int) -> BusOutcome {
        statistics.transactions += 1
        if registerWrites.count < registerWrites.capacity {
            registerWrites.append((joint, register.address, value))
        }
        return .ok
    }
}
