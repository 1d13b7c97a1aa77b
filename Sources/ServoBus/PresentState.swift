import SteadyCore

/// Every motor's present registers as raw values, in joint order: what one sync read returns,
/// for the control tick (`ControlBus.readPresent(into:deadlineNanoseconds:)`) and for commands
/// (`RobotBus.readPresent()`) alike. `PresentLayout` fills it; `self[joint]` is one motor's
/// share as a `RawMotorState`.
///
/// Buffers are allocated once at init and overwritten by each read.
/// - Important: Not thread-safe; the loop thread owns it.
public final class PresentState: RandomAccessCollection {
    /// Number of joints.
    public let jointCount: Int
    /// Present_Position, raw ticks (after homing).
    public let positionTicks: JointBuffer<Int>
    /// Present_Velocity, raw units.
    public let velocity: JointBuffer<Int>
    /// Present_Load, raw units (0.1 % of stall torque).
    public let load: JointBuffer<Int>
    /// Present_Current, raw units; meaningful where `hasCurrent[j]`.
    public let current: JointBuffer<Int>
    /// Whether the joint's model has Present_Current.
    public let hasCurrent: JointBuffer<Bool>
    /// Present_Temperature, °C.
    public let temperatureCelsius: JointBuffer<Int>
    /// Present_Voltage, raw units (0.1 V).
    public let voltage: JointBuffer<Int>
    /// The status packet's error byte.
    public let statusError: JointBuffer<UInt8>
    /// Hardware_Error_Status (Dynamixel), read only after an alert; 0 otherwise.
    public let hardwareError: JointBuffer<Int>

    /// Creates zeroed state for `jointCount` joints.
    public init(jointCount: Int) {
        precondition(jointCount > 0, "a robot has at least one joint")
        self.jointCount = jointCount
        positionTicks = JointBuffer(count: jointCount, repeating: 0)
        velocity = JointBuffer(count: jointCount, repeating: 0)
        load = JointBuffer(count: jointCount, repeating: 0)
        current = JointBuffer(count: jointCount, repeating: 0)
        hasCurrent = JointBuffer(count: jointCount, repeating: false)
        temperatureCelsius = JointBuffer(count: jointCount, repeating: 0)
        voltage = JointBuffer(count: jointCount, repeating: 0)
        statusError = JointBuffer(count: jointCount, repeating: 0)
        hardwareError = JointBuffer(count: jointCount, repeating: 0)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { jointCount }

    /// One motor's present state.
    ///
    /// - Important: Real-time safe: a value copied from the buffers, no allocation.
    @inlinable
    public subscript(joint: Int) -> RawMotorState {
        var state = RawMotorState()
        state.positionTicks = positionTicks[joint]
        state.velocity = velocity[joint]
        state.load = load[joint]
        state.current = hasCurrent[joint] ? current[joint] : nil
        state.temperatureCelsius = temperatureCelsius[joint]
        state.voltage = voltage[joint]
        state.hardwareError = hardwareError[joint]
        state.statusError = statusError[joint]
        return state
    }

    /// Copies every register of `joint` from `other`.
    @inlinable
    public func copy(joint: Int, from other: PresentState) {
        positionTicks[joint] = other.positionTicks[joint]
        velocity[joint] = other.velocity[joint]
        load[joint] = other.load[joint]
        current[joint] = other.current[joint]
        hasCurrent[joint] = other.hasCurrent[joint]
        temperatureCelsius[joint] = other.temperatureCelsius[joint]
        voltage[joint] = other.voltage[joint]
        statusError[joint] = other.statusError[joint]
        hardwareError[joint] = other.hardwareError[joint]
    }
}
