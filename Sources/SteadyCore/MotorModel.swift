/// Which serial protocol a bus speaks.
public enum ServoProtocolKind: String, Codable, Sendable, CaseIterable {
    /// Feetech SCS/STS (SO-100/SO-101 arms).
    case feetech
    /// Robotis Dynamixel Protocol 2.0 (Koch arm, LEAP hand).
    case dynamixel
}

/// A servo model: identity on the bus and the datasheet figures the twins and limits need.
///
/// Register layouts live in `ServoWire`'s control tables; this is the shared vocabulary.
public struct MotorModel: Hashable, Codable, Sendable, CustomStringConvertible {
    /// Lower-case catalogue name as written in `robot.yaml`, e.g. `sts3215`, `xl430-w250`.
    public var name: String
    public var protocolKind: ServoProtocolKind
    /// The value of the motor's Model_Number register.
    public var modelNumber: UInt16
    /// Encoder ticks per output revolution.
    public var ticksPerRevolution: Int
    /// Stall torque at nominal voltage, N·m (datasheet).
    public var stallTorqueNewtonMeters: Double
    /// No-load speed at nominal voltage, rad/s (datasheet).
    public var noLoadSpeedRadiansPerSecond: Double
    /// Gear reduction ratio (datasheet).
    public var gearRatio: Double
    /// Nominal supply voltage, V.
    public var nominalVolts: Double
    /// Stall current at nominal voltage, A (datasheet).
    public var stallCurrentAmps: Double

    public var description: String { name }

    /// The raw position a homed motor reads at its calibration pose: the half turn, 2047 of 4096,
    /// as LeRobot homes (⌊(resolution − 1)/2⌋). Calibrated 0 rad is this tick.
    public var halfTurnTicks: Int { (ticksPerRevolution - 1) / 2 }

    public init(name: String, protocolKind: ServoProtocolKind, modelNumber: UInt16, ticksPerRevolution: Int,
                stallTorqueNewtonMeters: Double, noLoadSpeedRadiansPerSecond: Double, gearRatio: Double,
                nominalVolts: Double, stallCurrentAmps: Double) {
        self.name = name
        self.protocolKind = protocolKind
        self.modelNumber = modelNumber
        self.ticksPerRevolution = ticksPerRevolution
        self.stallTorqueNewtonMeters = stallTorqueNewtonMeters
        self.noLoadSpeedRadiansPerSecond = noLoadSpeedRadiansPerSecond
        self.gearRatio = gearRatio
        self.nominalVolts = nominalVolts
        self.stallCurrentAmps = stallCurrentAmps
    }
}

extension MotorModel {
    private static let rpm = 2 * Double.pi / 60

    /// Feetech STS3215 (7.4 V, 1:345): 19.5 kg·cm stall, 0.222 s/60° no load.
    public static let sts3215 = MotorModel(
        name: "sts3215", protocolKind: .feetech, modelNumber: 777, ticksPerRevolution: 4096,
        stallTorqueNewtonMeters: 1.91, noLoadSpeedRadiansPerSecond: (Double.pi / 3) / 0.222,
        gearRatio: 345, nominalVolts: 7.4, stallCurrentAmps: 2.7)
    /// Robotis XL430-W250 (11.1 V): 1.4 N·m stall, 57 rpm no load, 1:258.5.
    public static let xl430W250 = MotorModel(
        name: "xl430-w250", protocolKind: .dynamixel, modelNumber: 1060, ticksPerRevolution: 4096,
        stallTorqueNewtonMeters: 1.4, noLoadSpeedRadiansPerSecond: 57 * rpm,
        gearRatio: 258.5, nominalVolts: 11.1, stallCurrentAmps: 1.3)
    /// Robotis XL330-M288 (5 V): 0.52 N·m stall, 103 rpm no load, 1:288.35.
    public static let xl330M288 = MotorModel(
        name: "xl330-m288", protocolKind: .dynamixel, modelNumber: 1200, ticksPerRevolution: 4096,
        stallTorqueNewtonMeters: 0.52, noLoadSpeedRadiansPerSecond: 103 * rpm,
        gearRatio: 288.35, nominalVolts: 5.0, stallCurrentAmps: 1.47)
    /// Robotis XL330-M077 (5 V): 0.215 N·m stall, 383 rpm no load, 1:77.16 (Koch leader arm).
    public static let xl330M077 = MotorModel(
        name: "xl330-m077", protocolKind: .dynamixel, modelNumber: 1190, ticksPerRevolution: 4096,
        stallTorqueNewtonMeters: 0.215, noLoadSpeedRadiansPerSecond: 383 * rpm,
        gearRatio: 77.16, nominalVolts: 5.0, stallCurrentAmps: 1.6)
    /// Robotis XC330-M288 (5 V): 0.93 N·m stall, 81 rpm no load, 1:288.35 (LEAP hand).
    public static let xc330M288 = MotorModel(
        name: "xc330-m288", protocolKind: .dynamixel, modelNumber: 1240, ticksPerRevolution: 4096,
        stallTorqueNewtonMeters: 0.93, noLoadSpeedRadiansPerSecond: 81 * rpm,
        gearRatio: 288.35, nominalVolts: 5.0, stallCurrentAmps: 1.8)

    /// Every model Steady knows.
    public static let catalog: [MotorModel] = [.sts3215, .xl430W250, .xl330M288, .xl330M077, .xc330M288]

    /// Looks a model up by its catalogue name (case-insensitive).
    public static func named(_ name: String) -> MotorModel? {
        catalog.first { $0.name == name.lowercased() }
    }

    /// Looks a model up by protocol and Model_Number register value.
    public static func withNumber(_ number: UInt16, protocolKind: ServoProtocolKind) -> MotorModel? {
        catalog.first { $0.modelNumber == number && $0.protocolKind == protocolKind }
    }
}
