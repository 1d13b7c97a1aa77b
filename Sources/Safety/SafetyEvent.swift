/// What the control loop should do about a stalled motor.
public enum StallAction: Sendable, Equatable {
    /// Lower the motor's torque limit: it has pushed against something for a while.
    case reduceTorque
    /// Switch the motor's torque off: it has pushed against something for too long.
    case dropTorque
}

/// Something the safety chain cannot fix by editing the command, reported to the control loop
/// so that it can react (lower or drop torque, stop the run, log).
///
/// Events are level-triggered: one is reported on every tick the condition holds, so a loop that
/// missed one tick still sees it on the next.
public enum SafetyEvent: Sendable, Equatable {
    /// The joint has pushed hard (high |load|) without reaching its command for the configured
    /// time.
    case stall(joint: Int, action: StallAction)
    /// The motor is at or above its warning temperature (and below its stop temperature).
    case temperatureWarning(joint: Int, celsius: Double)
    /// The motor is at or above its stop temperature: the loop should bring the robot to a safe
    /// stop and release torque.
    case temperatureStop(joint: Int, celsius: Double)

    /// The joint the event is about.
    public var joint: Int {
        switch self {
        case .stall(let joint, _), .temperatureWarning(let joint, _), .temperatureStop(let joint, _):
            return joint
        }
    }
}

/// The events of one tick: a read-only view into storage that the `SafetyState` preallocated.
///
/// - Important: The view is valid only until the next tick (or reset) of the state that made it.
///   Copy what must outlive the tick.
public struct SafetyEvents: RandomAccessCollection {
    private let buffer: UnsafeBufferPointer<SafetyEvent>

    init(_ buffer: UnsafeBufferPointer<SafetyEvent>) { self.buffer = buffer }

    public var startIndex: Int { 0 }
    public var endIndex: Int { buffer.count }
    public subscript(position: Int) -> SafetyEvent { buffer[position] }
}
