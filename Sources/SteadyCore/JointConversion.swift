/// Converts one joint between the motor's homed raw ticks and calibrated radians.
///
/// radians = sign · (ticks − halfTurn) · 2π / ticksPerRevolution: 0 rad is the calibration pose,
/// where homing made the motor read the half turn (2047 of 4096, as LeRobot homes), so robot.yaml
/// limits, the MJCF model's zero pose and the calibration all mean the same pose. sign is −1 for
/// `drive_mode` 1. Going back, ticks are rounded and clamped to the calibrated range
/// [range_min, range_max], so a converted command can never leave the swept range.
public struct JointConversion: Equatable, Sendable {
    public let centerTicks: Double
    public let sign: Double
    public let ticksPerRevolution: Int
    public let minTicks: Int
    public let maxTicks: Int
    /// Radians per tick.
    public var radiansPerTick: Double { 2 * .pi / Double(ticksPerRevolution) }

    public init(calibration: MotorCalibration, ticksPerRevolution: Int) {
        centerTicks = Double((ticksPerRevolution - 1) / 2)
        sign = calibration.driveMode == 1 ? -1 : 1
        self.ticksPerRevolution = ticksPerRevolution
        minTicks = calibration.rangeMin
        maxTicks = calibration.rangeMax
    }

    /// Calibrated radians for a raw position reading.
    @inline(__always)
    public func radians(ticks: Int) -> Double {
        sign * (Double(ticks) - centerTicks) * radiansPerTick
    }

    /// A raw position goal for `radians`, clamped to the calibrated range. Non-finite input maps to the center.
    @inline(__always)
    public func ticks(radians: Double) -> Int {
        guard radians.isFinite else { return Int(centerTicks.rounded()) }
        let raw = (centerTicks + sign * radians / radiansPerTick).rounded()
        return Int(min(max(raw, Double(minTicks)), Double(maxTicks)))
    }

    /// Calibrated rad/s for a raw velocity reading in ticks/s (sign only, no offset).
    @inline(__always)
    public func radiansPerSecond(ticksPerSecond: Int) -> Double {
        sign * Double(ticksPerSecond) * radiansPerTick
    }

    /// The joint's position limits in radians implied by the calibrated range.
    public var limitsRadians: ClosedRange<Double> {
        let a = radians(ticks: minTicks), b = radians(ticks: maxTicks)
        return min(a, b)...max(a, b)
    }

    /// The reading nearest `previous` among `ticks + k·ticksPerRevolution`: undoes an encoder wrap
    /// between two consecutive readings of a continuously turning joint.
    public func unwrap(ticks: Int, previous: Int) -> Int {
        let n = ticksPerRevolution
        var delta = (ticks - previous) % n
        if delta > n / 2 { delta -= n }
        if delta < -n / 2 { delta += n }
        return previous + delta
    }
}

extension RobotCalibration {
    /// The per-joint conversions, in joint order.
    public func conversions(for robot: RobotDescription) -> [JointConversion] {
        zip(motors, robot.joints).map { JointConversion(calibration: $0, ticksPerRevolution: $1.model.ticksPerRevolution) }
    }
}
