/// When a joint counts as stalled, and how long before the loop is told to act.
///
/// A joint is stalling while |load| ≥ `loadFraction`, |previous command − present position| ≥
/// `positionErrorRadians`, and (if the velocity was read) |present velocity| ≤
/// `maximumSpeedRadiansPerSecond`: it pushes hard, is far from where it was told to be, and is
/// not getting there.
public struct StallThresholds: Equatable, Sendable {
    /// |load| (fraction of the motor's maximum, 0…1) at or above which the motor pushes hard.
    public var loadFraction: Double
    /// Position error, radians, at or above which the motor is not where it was told to be.
    public var positionErrorRadians: Double
    /// Speed, rad/s, at or below which the motor counts as not moving (ignored if unknown).
    public var maximumSpeedRadiansPerSecond: Double
    /// Seconds of continuous stalling before `.reduceTorque` is reported.
    public var reduceTorqueAfterSeconds: Double
    /// Seconds of continuous stalling before `.dropTorque` is reported (≥ the reduce time).
    public var dropTorqueAfterSeconds: Double

    /// Creates stall thresholds.
    public init(loadFraction: Double, positionErrorRadians: Double, maximumSpeedRadiansPerSecond: Double = .infinity,
                reduceTorqueAfterSeconds: Double, dropTorqueAfterSeconds: Double) {
        self.loadFraction = loadFraction
        self.positionErrorRadians = positionErrorRadians
        self.maximumSpeedRadiansPerSecond = maximumSpeedRadiansPerSecond
        self.reduceTorqueAfterSeconds = reduceTorqueAfterSeconds
        self.dropTorqueAfterSeconds = dropTorqueAfterSeconds
    }

    /// 80 % load with 0.1 rad of error at under 0.3 rad/s: reduce after 1 s, drop after 3 s.
    public static let standard = StallThresholds(
        loadFraction: 0.8, positionErrorRadians: 0.1, maximumSpeedRadiansPerSecond: 0.3,
        reduceTorqueAfterSeconds: 1, dropTorqueAfterSeconds: 3)

    /// What is wrong with these thresholds, if anything.
    var problem: String? {
        guard loadFraction > 0, loadFraction <= 1 else { return "load fraction \(loadFraction) must be in (0, 1]" }
        guard positionErrorRadians.isFinite, positionErrorRadians >= 0 else {
            return "position error \(positionErrorRadians) must be finite and ≥ 0"
        }
        guard maximumSpeedRadiansPerSecond >= 0 else { return "maximum speed must be ≥ 0" }
        guard reduceTorqueAfterSeconds.isFinite, reduceTorqueAfterSeconds >= 0,
              dropTorqueAfterSeconds.isFinite, dropTorqueAfterSeconds >= reduceTorqueAfterSeconds else {
            return "times must be finite with 0 ≤ reduce (\(reduceTorqueAfterSeconds) s) ≤ drop (\(dropTorqueAfterSeconds) s)"
        }
        return nil
    }
}
