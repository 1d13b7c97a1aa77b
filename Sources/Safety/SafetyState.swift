import SteadyCore

/// The state that the stages of one safety chain share during a tick: the history of sent
/// commands, the hard envelope being narrowed, the temperature derating, and what happened.
///
/// All storage is allocated once at init; nothing in here allocates afterwards.
///
/// - Important: Not thread-safe; owned by one `SafetyChain` (or one test) on one thread.
public final class SafetyState {
    /// Number of joints, fixed at init.
    public let jointCount: Int

    /// The last command actually sent (after every stage), radians. The "last safe command".
    public let previousCommand: JointBuffer<Double>
    /// The velocity implied by the last two sent commands, rad/s (0 after a reset).
    public let previousVelocity: JointBuffer<Double>
    /// The acceleration implied by the last three sent commands, rad/s² (0 after a reset).
    public let previousAcceleration: JointBuffer<Double>

    /// The target the limits steer toward this tick: the policy target after interpolation and
    /// smoothing, before any limit, radians. `SafetyChain` sets it before the limits run; the
    /// `AccelerationJerkLimiter` follows it (the command it receives is already clamped).
    public let target: JointBuffer<Double>

    /// Lower end of the hard envelope of this tick: where the command may go given the position
    /// limits, the velocity limit, the maximum step and the gripper cap applied so far.
    public let envelopeLower: JointBuffer<Double>
    /// Upper end of the hard envelope of this tick.
    public let envelopeUpper: JointBuffer<Double>

    /// Fraction (0…1] of the velocity limit a joint may use, set by the temperature watch.
    public let velocityScale: JointBuffer<Double>

    /// The flags raised for each joint this tick.
    public let jointFlags: JointBuffer<SafetyFlags>

    /// Whether a new policy target arrived this tick (the interpolator starts a new ramp).
    public var hasNewTarget = false

    private let eventStorage: JointBuffer<SafetyEvent>
    /// Number of events recorded this tick.
    public private(set) var eventCount = 0

    /// Creates state for `jointCount` joints, at rest at position 0.
    public init(jointCount: Int) {
        precondition(jointCount > 0, "a safety chain needs at least one joint")
        self.jointCount = jointCount
        previousCommand = JointBuffer(count: jointCount, repeating: 0)
        previousVelocity = JointBuffer(count: jointCount, repeating: 0)
        previousAcceleration = JointBuffer(count: jointCount, repeating: 0)
        target = JointBuffer(count: jointCount, repeating: 0)
        envelopeLower = JointBuffer(count: jointCount, repeating: -.infinity)
        envelopeUpper = JointBuffer(count: jointCount, repeating: .infinity)
        velocityScale = JointBuffer(count: jointCount, repeating: 1)
        jointFlags = JointBuffer(count: jointCount, repeating: [])
        // At most one stall event and one temperature event per joint per tick.
        eventStorage = JointBuffer(count: 2 * jointCount, repeating: .stall(joint: 0, action: .reduceTorque))
    }


    /// The events recorded this tick.
    ///
    /// - Important: Valid until the next `beginTick()` or `reset(startPose:)`.
    public var events: SafetyEvents { SafetyEvents(UnsafeBufferPointer(rebasing: eventStorage.pointer[0..<eventCount])) }

    /// Records an event for the loop. Capacity is two events per joint per tick (a stall and a
    /// temperature event); further events in the same tick are dropped.
    @inline(__always)
    public func record(_ event: SafetyEvent) {
        guard eventCount < eventStorage.count else { return }
        eventStorage[eventCount] = event
        eventCount += 1
    }

    /// Adds `flags` to `joint`'s flags for this tick.
    @inline(__always)
    public func raise(_ flags: SafetyFlags, joint: Int) {
        jointFlags[joint].formUnion(flags)
    }

    /// Clears the flags and events of the previous tick and opens the envelope to everything
    /// (the `VelocityLimiter` closes it to the position and velocity limits).
    public func beginTick() {
        for joint in 0..<jointCount {
            jointFlags[joint] = []
            envelopeLower[joint] = -.infinity
            envelopeUpper[joint] = .infinity
        }
        eventCount = 0
    }

    /// Starts over at rest at `startPose`: the previous command and the target become the start
    /// pose, the velocity and acceleration zero, and derating is lifted.
    public func reset(startPose: UnsafeBufferPointer<Double>) {
        precondition(startPose.count == jointCount, "start pose has \(startPose.count) joints, expected \(jointCount)")
        for joint in 0..<jointCount {
            previousCommand[joint] = startPose[joint]
            previousVelocity[joint] = 0
            previousAcceleration[joint] = 0
            target[joint] = startPose[joint]
            velocityScale[joint] = 1
        }
        hasNewTarget = false
        beginTick()
    }

    /// Records `command` as sent `periodSeconds` after the previous one, updating the implied
    /// velocity and acceleration that the next tick's limits are measured against.
    @inline(__always)
    public func commit(_ command: UnsafeBufferPointer<Double>, periodSeconds: Double) {
        for joint in 0..<jointCount {
            let velocity = (command[joint] - previousCommand[joint]) / periodSeconds
            previousAcceleration[joint] = (velocity - previousVelocity[joint]) / periodSeconds
            previousVelocity[joint] = velocity
            previousCommand[joint] = command[joint]
        }
    }

    /// The hard envelope of `joint` as a window.
    @inline(__always)
    func envelope(_ joint: Int) -> SafetyWindow {
        SafetyWindow(lower: envelopeLower[joint], upper: envelopeUpper[joint])
    }

    /// Stores `window` as the hard envelope of `joint`.
    @inline(__always)
    func setEnvelope(_ joint: Int, _ window: SafetyWindow) {
        envelopeLower[joint] = window.lower
        envelopeUpper[joint] = window.upper
    }
}
