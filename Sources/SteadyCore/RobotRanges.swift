/// The allowed values of `robot.yaml`'s numeric fields (and of `--baud`, which overrides one).
public enum RobotRanges {
    /// Line speed: `baud` and `--baud`.
    public static let baud = SettingRange(9_600...4_500_000, unit: "baud")
    /// A motor id on its bus (253 and up are reserved: 0xFE is broadcast).
    public static let motorID = SettingRange(0...252)
    /// One end of a joint's position range, about its calibrated middle (a little over a turn
    /// either way; the range itself must also be at most one turn wide).
    public static let jointLimit = SettingRange(-6.3...6.3, unit: "rad")
    /// `velocity_limit`: what the runtime may command.
    /// (Limits of almost nothing would stretch a soft start or a planned stop past any run.)
    public static let velocityLimit = SettingRange(0.001...100, unit: "rad/s")
    /// `acceleration_limit`.
    public static let accelerationLimit = SettingRange(0.001...100_000, unit: "rad/s²")
    /// `jerk_limit`.
    public static let jerkLimit = SettingRange(0.001...10_000_000, unit: "rad/s³")
}

extension MotorModel {
    /// The raw values the motor's position-loop gain registers take: Feetech's one-byte
    /// P/I/D_Coefficient (0–254), Dynamixel's Position_P/I/D_Gain (0–16383, the datasheets'
    /// range). `robot.yaml`'s `gains` are checked against it before anything reaches a motor.
    public var gainRange: SettingRange<Int> {
        switch protocolKind {
        case .feetech: return SettingRange(0...254)
        case .dynamixel: return SettingRange(0...16_383)
        }
    }
}
