/// The reach task's reward and success, as pure functions of the end effector, the goal and
/// the action rate, so that the simulated task, hindsight relabelling and a runtime on a real
/// arm (through `ReachPolicyAdapter.outcome`) compute them the same way.
///
/// With d = ‖achieved − desired‖ in metres and the action rate ‖aₜ − aₜ₋₁‖²:
/// - dense:  r = −`distanceScale`·d − (d < threshold ? 0 : 1) − `actionRatePenalty`·rate
/// - sparse: r = (d < threshold ? 0 : −1) − `actionRatePenalty`·rate
/// - success: d < `successThresholdMeters`.
public struct ReachReward: Equatable, Sendable {
    /// Whether the goal term is sparse (0 on success, −1 otherwise).
    public var isSparse: Bool
    /// Success distance, m.
    public var successThresholdMeters: Double
    /// Coefficient of the action-rate penalty.
    public var actionRatePenalty: Double
    /// Reward per metre of distance in the dense form (10: distance in decimetres, so a step
    /// from a typical start costs about 2 and one at the success threshold 0.2).
    ///
    /// The dense form also charges 1 per step outside the success region: with the distance
    /// term alone, SAC's policies settled 1 to 3 cm from the goal (the difference between 1.5 and
    /// 2.5 cm is 0.1 per step, lost in the critic's error); the step at the threshold makes
    /// the last centimetre worth as much as the first ten.
    public var distanceScale: Double

    /// The dense reward's scale, per metre.
    public static let defaultDistanceScale = 10.0
    /// The default action-rate coefficient: a change of 0.25 on each of four joints (a
    /// tenth of a second from rest to full speed) costs 0.25, a quarter of a step outside the
    /// success region; chattering between ±1 costs 16. With 0.1, policies chattered around the
    /// goal (continuity cost 25–36); with 0.3 they reached about as often at a continuity four
    /// times as high as with 1.
    public static let defaultActionRatePenalty = 1.0

    /// Creates the reward of a reach task.
    public init(isSparse: Bool, successThresholdMeters: Double, actionRatePenalty: Double,
                distanceScale: Double = Self.defaultDistanceScale) {
        self.isSparse = isSparse
        self.successThresholdMeters = successThresholdMeters
        self.actionRatePenalty = actionRatePenalty
        self.distanceScale = distanceScale
    }

    /// One step's outcome.
    public struct Outcome: Equatable, Sendable {
        /// End effector to goal, m.
        public var distanceMeters: Double
        /// Whether the distance is below the success threshold.
        public var isSuccess: Bool
        /// The goal term minus the action-rate penalty.
        public var reward: Double
        /// The action-rate penalty subtracted (≥ 0).
        public var actionRatePenalty: Double
    }

    /// The distance between two points, m.
    @inline(__always)
    public static func distance(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> Double {
        let offset = a - b
        return (offset * offset).sum().squareRoot()
    }

    /// The goal term for a distance (without the action-rate penalty).
    @inline(__always)
    public func goalReward(distanceMeters d: Double) -> Double {
        let miss: Double = d < successThresholdMeters ? 0 : -1
        return isSparse ? miss : miss - distanceScale * d
    }

    /// The outcome of a step that left the end effector at `achieved` with `desired` wanted,
    /// after actions whose rate was `actionRate`.
    public func outcome(achieved: SIMD3<Double>, desired: SIMD3<Double>, actionRate: Double) -> Outcome {
        let d = Self.distance(achieved, desired)
        let penalty = actionRatePenalty * actionRate
        return Outcome(distanceMeters: d, isSuccess: d < successThresholdMeters, reward: goalReward(distanceMeters: d) - penalty,
                       actionRatePenalty: penalty)
    }
}
