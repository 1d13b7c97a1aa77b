import SteadyCore

/// Everything a run logged that the metrics read: per-joint signals, limiter flags, loop timing.
///
/// This is the seam between input formats and the report: a CSV (`RunSignals(table:sampleRateHz:)`)
/// or a run log becomes `RunSignals`, and `MetricsReport(signals:)` turns it into numbers.
public struct RunSignals: Equatable, Sendable {
    /// Per-tick lateness and skipped deadlines of the control loop.
    public struct LoopTiming: Equatable, Sendable {
        /// One entry per tick that ran: its start minus its deadline, seconds.
        public var latenessSeconds: [Double]
        /// Deadlines skipped over the whole run.
        public var missedTicks: Int
        /// Time from the first tick's start to the last's, seconds.
        public var elapsedSeconds: Double

        /// Creates loop timing signals.
        public init(latenessSeconds: [Double], missedTicks: Int, elapsedSeconds: Double) {
            self.latenessSeconds = latenessSeconds
            self.missedTicks = missedTicks
            self.elapsedSeconds = elapsedSeconds
        }
    }

    /// The rate the signals were sampled at, Hz (one sample per control tick).
    public var sampleRateHz: Double
    /// The joints, in the robot's order; all have the same number of ticks.
    public var joints: [JointSignals]
    /// Safety stages in bit order of `limiterFlags`.
    public var limiterStageNames: [String]
    /// Per-tick bitmask: bit i set when stage `limiterStageNames[i]` changed the command; nil if not logged.
    public var limiterFlags: [UInt64]?
    /// The loop's timing, if logged.
    public var loopTiming: LoopTiming?

    /// Creates run signals; every joint and the limiter flags must have the same number of ticks.
    public init(sampleRateHz: Double, joints: [JointSignals], limiterStageNames: [String] = [],
                limiterFlags: [UInt64]? = nil, loopTiming: LoopTiming? = nil) {
        precondition(sampleRateHz > 0 && sampleRateHz.isFinite, "sample rate must be positive and finite")
        precondition(!joints.isEmpty, "a run needs at least one joint")
        let ticks = joints[0].command.count
        precondition(joints.allSatisfy { $0.command.count == ticks }, "joints differ in tick count")
        precondition(Set(joints.map(\.name)).count == joints.count, "joint names must be unique")
        if let limiterFlags { precondition(limiterFlags.count == ticks, "limiter flags differ in tick count") }
        self.sampleRateHz = sampleRateHz
        self.joints = joints
        self.limiterStageNames = limiterStageNames
        self.limiterFlags = limiterFlags
        self.loopTiming = loopTiming
    }

    /// The number of ticks N.
    public var ticks: Int { joints[0].command.count }

    /// The duration (N − 1) / f_s, seconds: first tick to last.
    public var durationSeconds: Double { Metrics.durationSeconds(ticks: ticks, sampleRateHz: sampleRateHz) }

    /// These signals with each joint's range taken from the robot's limits (joints the robot
    /// does not name keep their own range).
    public func withRanges(from robot: RobotDescription) -> RunSignals {
        var copy = self
        for index in copy.joints.indices {
            if let joint = robot.joint(named: copy.joints[index].name), joint.lowerRadians <= joint.upperRadians {
                copy.joints[index].range = joint.lowerRadians...joint.upperRadians
            }
        }
        return copy
    }
}
