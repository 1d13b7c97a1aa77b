/// Every motor's present registers as raw values, in joint order: what one sync read returns.
///
/// Buffers are allocated once at init and overwritten by each read.
/// - Important: Not thread-safe; the loop thread owns it.
public final class PresentState {
    /// Number of joints.
    public let jointCount: Int
    /// Present_Position, raw ticks (after homing).
    public let positionTicks: UnsafeMutableBufferPointer<Int>
    /// Present_Velocity, raw units.
    public let velocity: UnsafeMutableBufferPointer<Int>
    /// Present_Load, raw units (0.1 % of stall torque).
    public let load: UnsafeMutableBufferPointer<Int>
    /// Present_Current, raw units; meaningful where `hasCurrent[j]`.
    public let current: UnsafeMutableBufferPointer<Int>
    /// Whether the joint's model has Present_Current.
    public let hasCurrent: UnsafeMutableBufferPointer<Bool>
    /// Present_Temperature, °C.
    public let temperatureCelsius: UnsafeMutableBufferPointer<Int>
    /// Present_Voltage, raw units (0.1 V).
    public let voltage: UnsafeMutableBufferPointer<Int>
    /// The status packet's error byte.
    public let statusError: UnsafeMutableBufferPointer<UInt8>

    /// Creates zeroed state for `jointCount` joints.
    public init(jointCount: Int) {
        precondition(jointCount > 0, "a robot has at least one joint")
        self.jointCount = jointCount
        func zeros<T>(_ value: T) -> UnsafeMutableBufferPointer<T> {
            let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: jointCount)
            buffer.initialize(repeating: value)
            return buffer
        }
        positionTicks = zeros(0)
        velocity = zeros(0)
        load = zeros(0)
        current = zeros(0)
        hasCurrent = zeros(false)
        temperatureCelsius = zeros(0)
        voltage = zeros(0)
        statusError = zeros(0)
    }

    deinit {
        positionTicks.deallocate()
        velocity.deallocate()
        load.deallocate()
        current.deallocate()
        hasCurrent.deallocate()
        temperatureCelsius.deallocate()
        voltage.deallocate()
        statusError.deallocate()
    }
}
