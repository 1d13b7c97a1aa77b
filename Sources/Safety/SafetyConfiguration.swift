import SteadyCore

/// How a safety chain is set up: per-joint limits from `robot.yaml` (narrowed by calibration) and
/// the options of the command line.
///
/// Per-joint arrays are in joint order and must all have `jointCount` elements. Build one with
/// `fromRobot(_:…)`, narrow it with `intersectingPositionLimits(lower:upper:)`, and let
/// `SafetyChain.init` validate it.
public struct SafetyConfiguration: Equatable, Sendable {
    /// Optional smoothing of the target before the limits.
    public enum Smoothing: Equatable, Sendable {
        /// No smoothing.
        case none
        /// Exponential moving average: `y += alpha · (x − y)` each tick, 0 < alpha ≤ 1
        /// (1 = no smoothing).
        case ema(alpha: Double)
        /// Second-order Butterworth low-pass (bilinear transform with pre-warping) at the loop
        /// rate; cutoffs at or above 0.45 × the loop rate are lowered to 0.45 × the loop rate.
        case lowPass(cutoffHertz: Double)
    }

    /// Joint names, for error messages and logs.
    public var jointNames: [String]
    /// Lower position limits, radians.
    public var lowerRadians: [Double]
    /// Upper position limits, radians.
    public var upperRadians: [Double]
    /// Velocity limits, rad/s (hard).
    public var velocityLimitsRadiansPerSecond: [Double]
    /// Acceleration limits, rad/s² (nil: not limited).
    public var accelerationLimitsRadiansPerSecond2: [Double?]
    /// Jerk limits, rad/s³ (nil: not limited).
    public var jerkLimitsRadiansPerSecond3: [Double?]
    /// Which joints are grippers (they get the effort cap).
    public var isGripper: [Bool]
    /// Largest distance between the command and the present position, radians (LeRobot's
    /// `max_relative_target`); nil: not limited.
    public var maxStepRadians: Double?
    /// Smoothing of the target.
    public var smoothing: Smoothing
    /// Period of the policy whose targets are linearly interpolated to the loop rate, seconds;
    /// nil: no interpolation (each target is used as it comes, and held).
    public var policyPeriodSeconds: Double?
    /// Largest gripper position error, radians: with a proportional servo, this caps the
    /// gripping force. Nil: no cap.
    public var gripperCapRadians: Double?
    /// Stall detection; nil: off.
    public var stall: StallThresholds?
    /// Temperature thresholds per joint's motor.
    public var temperature: [TemperatureThresholds]

    /// Number of joints.
    public var jointCount: Int { jointNames.count }

    /// A configuration with the limits of `joints` and the given options.
    public init(joints: [JointDescription], maxStepRadians: Double? = nil, smoothing: Smoothing = .none,
                policyPeriodSeconds: Double? = nil, gripperCapRadians: Double? = nil,
                stall: StallThresholds? = .standard, temperature: TemperatureThresholds = .standard) {
        jointNames = joints.map(\.name)
        lowerRadians = joints.map(\.lowerRadians)
        upperRadians = joints.map(\.upperRadians)
        velocityLimitsRadiansPerSecond = joints.map(\.velocityLimitRadiansPerSecond)
        accelerationLimitsRadiansPerSecond2 = joints.map(\.accelerationLimitRadiansPerSecond2)
        jerkLimitsRadiansPerSecond3 = joints.map(\.jerkLimitRadiansPerSecond3)
        isGripper = joints.map(\.isGripper)
        self.maxStepRadians = maxStepRadians
        self.smoothing = smoothing
        self.policyPeriodSeconds = policyPeriodSeconds
        self.gripperCapRadians = gripperCapRadians
        self.stall = stall
        self.temperature = Array(repeating: temperature, count: joints.count)
    }

    /// The configuration for `robot` as its `robot.yaml` describes it, with the command line's
    /// options.
    public static func fromRobot(_ robot: RobotDescription, maxStepRadians: Double? = nil,
                                 smoothing: Smoothing = .none, policyPeriodSeconds: Double? = nil,
                                 gripperCapRadians: Double? = nil, stall: StallThresholds? = .standard,
                                 temperature: TemperatureThresholds = .standard) -> SafetyConfiguration {
        SafetyConfiguration(joints: robot.joints, maxStepRadians: maxStepRadians, smoothing: smoothing,
                            policyPeriodSeconds: policyPeriodSeconds, gripperCapRadians: gripperCapRadians,
                            stall: stall, temperature: temperature)
    }

    /// This configuration with each joint's position limits narrowed to their intersection with
    /// `[lower[j], upper[j]]` (e.g. the calibrated range). An empty intersection is reported by
    /// `validate()`.
    public func intersectingPositionLimits(lower: [Double], upper: [Double]) -> SafetyConfiguration {
        precondition(lower.count == jointCount && upper.count == jointCount,
                     "position limits for \(lower.count)/\(upper.count) joints, expected \(jointCount)")
        var narrowed = self
        for joint in 0..<jointCount {
            narrowed.lowerRadians[joint] = Swift.max(lowerRadians[joint], lower[joint])
            narrowed.upperRadians[joint] = Swift.min(upperRadians[joint], upper[joint])
        }
        return narrowed
    }

    /// Throws the first problem found, naming the joint or option.
    public func validate() throws {
        let count = jointCount
        guard count > 0 else { throw SafetyConfigurationError.noJoints }
        let counts: [(String, Int)] = [
            ("lowerRadians", lowerRadians.count), ("upperRadians", upperRadians.count),
            ("velocityLimitsRadiansPerSecond", velocityLimitsRadiansPerSecond.count),
            ("accelerationLimitsRadiansPerSecond2", accelerationLimitsRadiansPerSecond2.count),
            ("jerkLimitsRadiansPerSecond3", jerkLimitsRadiansPerSecond3.count),
            ("isGripper", isGripper.count), ("temperature", temperature.count),
        ]
        for (field, actual) in counts where actual != count {
            throw SafetyConfigurationError.jointCountMismatch(field: field, expected: count, actual: actual)
        }
        for joint in 0..<count {
            let name = jointNames[joint]
            let lower = lowerRadians[joint], upper = upperRadians[joint]
            guard lower.isFinite, upper.isFinite, lower <= upper else {
                throw SafetyConfigurationError.invalidPositionLimits(joint: name, lower: lower, upper: upper)
            }
            let velocity = velocityLimitsRadiansPerSecond[joint]
            guard velocity.isFinite, velocity > 0 else {
                throw SafetyConfigurationError.invalidLimit(joint: name, limit: "velocity", value: velocity)
            }
            if let acceleration = accelerationLimitsRadiansPerSecond2[joint], !(acceleration.isFinite && acceleration > 0) {
                throw SafetyConfigurationError.invalidLimit(joint: name, limit: "acceleration", value: acceleration)
            }
            if let jerk = jerkLimitsRadiansPerSecond3[joint], !(jerk.isFinite && jerk > 0) {
                throw SafetyConfigurationError.invalidLimit(joint: name, limit: "jerk", value: jerk)
            }
            if let problem = temperature[joint].problem {
                throw SafetyConfigurationError.invalidTemperatureThresholds(joint: name, problem: problem)
            }
        }
        if let step = maxStepRadians, !SafetyRanges.maxStep.contains(step) {
            throw SafetyConfigurationError.invalidOption(option: "max step", value: step)
        }
        if let cap = gripperCapRadians, !SafetyRanges.gripperCap.contains(cap) {
            throw SafetyConfigurationError.invalidOption(option: "gripper cap", value: cap)
        }
        if let period = policyPeriodSeconds, !(period.isFinite && period > 0) {
            throw SafetyConfigurationError.invalidOption(option: "policy period", value: period)
        }
        switch smoothing {
        case .none: break
        case .ema(let alpha):
            guard SafetyRanges.emaAlpha.contains(alpha) else { throw SafetyConfigurationError.invalidOption(option: "EMA alpha", value: alpha) }
        case .lowPass(let cutoff):
            guard SafetyRanges.lowPassCutoff.contains(cutoff) else {
                throw SafetyConfigurationError.invalidOption(option: "low-pass cutoff", value: cutoff)
            }
        }
        if let stall, let problem = stall.problem {
            throw SafetyConfigurationError.invalidStallThresholds(problem: problem)
        }
    }
}
