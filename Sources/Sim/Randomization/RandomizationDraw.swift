/// The values drawn for one episode: every randomized physical parameter, in its own unit, and
/// the per-episode observation biases.
///
/// Parameters a configuration leaves out hold the model's nominal value (or 0 for the ones a
/// model does not have: payload, delay, backlash, biases), so a draw always describes the whole
/// episode. Arrays follow the `RandomizationPlan`'s order: `bodyNames` for masses, the task's
/// joints for per-joint values.
public struct RandomizationDraw: Equatable, Sendable {
    /// Mass of each moving body, kg.
    public var bodyMasses: [Double]
    /// Viscous damping per joint, N·m·s/rad.
    public var damping: [Double]
    /// Dry friction per joint, N·m.
    public var frictionLoss: [Double]
    /// Armature per joint, kg·m².
    public var armature: [Double]
    /// Position-servo gain kp per joint, N·m/rad.
    public var gains: [Double]
    /// Gravity vector, m/s².
    public var gravity: SIMD3<Double>
    /// Mass fixed at the payload site, kg.
    public var payloadKilograms: Double
    /// Whole control ticks between an action and its arrival at the servos.
    public var actionDelayTicks: Int
    /// Dead-band width on each commanded joint position, rad.
    public var backlashRadians: [Double]
    /// Constant offset on each observed joint position this episode, rad.
    public var jointPositionBias: [Double]
    /// Constant offset on each observed joint velocity this episode, rad/s.
    public var jointVelocityBias: [Double]
    /// Constant offset on each observed end-effector coordinate (3 per observed point), m.
    public var endEffectorBias: [Double]

    /// Creates a draw.
    public init(bodyMasses: [Double], damping: [Double], frictionLoss: [Double], armature: [Double], gains: [Double],
                gravity: SIMD3<Double>, payloadKilograms: Double, actionDelayTicks: Int, backlashRadians: [Double],
                jointPositionBias: [Double], jointVelocityBias: [Double], endEffectorBias: [Double]) {
        self.bodyMasses = bodyMasses
        self.damping = damping
        self.frictionLoss = frictionLoss
        self.armature = armature
        self.gains = gains
        self.gravity = gravity
        self.payloadKilograms = payloadKilograms
        self.actionDelayTicks = actionDelayTicks
        self.backlashRadians = backlashRadians
        self.jointPositionBias = jointPositionBias
        self.jointVelocityBias = jointVelocityBias
        self.endEffectorBias = endEffectorBias
    }
}
