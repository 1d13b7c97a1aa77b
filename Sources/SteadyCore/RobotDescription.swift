import Foundation

/// A motor's address on its bus (0–252 addressable; 0xFE is broadcast): what the bus APIs take,
/// so that an id cannot be mixed up with a register value or a joint index. Integer literals
/// and ranges of ids (`1...6`) work as ids.
public struct ServoID: RawRepresentable, Hashable, Strideable, Codable, Sendable, CustomStringConvertible,
                       ExpressibleByIntegerLiteral {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public init(_ rawValue: UInt8) { self.rawValue = rawValue }
    /// The broadcast id every motor listens to (both protocols).
    public static let broadcast = ServoID(0xFE)
    public static func < (a: ServoID, b: ServoID) -> Bool { a.rawValue < b.rawValue }
    public init(integerLiteral value: UInt8) { rawValue = value }
    public func distance(to other: ServoID) -> Int { Int(other.rawValue) - Int(rawValue) }
    public func advanced(by n: Int) -> ServoID { ServoID(UInt8(Int(rawValue) + n)) }
    public var description: String { String(rawValue) }
}

/// The servo's own position-loop gains, as raw register values.
public struct ServoGains: Equatable, Codable, Sendable {
    public var p: Int
    public var i: Int
    public var d: Int
    public init(p: Int, i: Int, d: Int) { self.p = p; self.i = i; self.d = d }
}

/// One joint of a robot: its motor and its limits.
public struct JointDescription: Equatable, Sendable {
    public var name: String
    public var id: ServoID
    public var model: MotorModel
    /// Joint position limits in radians (0 = calibrated middle of the range).
    public var lowerRadians: Double
    public var upperRadians: Double
    /// Maximum joint speed the runtime may command, rad/s.
    public var velocityLimitRadiansPerSecond: Double
    /// Maximum commanded acceleration, rad/s² (nil = not limited).
    public var accelerationLimitRadiansPerSecond2: Double?
    /// Maximum commanded jerk, rad/s³ (nil = not limited).
    public var jerkLimitRadiansPerSecond3: Double?
    /// Default servo gains written at connect time.
    public var gains: ServoGains
    /// Grippers get an effort cap in the safety chain.
    public var isGripper: Bool

    public init(name: String, id: ServoID, model: MotorModel, lowerRadians: Double, upperRadians: Double,
                velocityLimitRadiansPerSecond: Double, accelerationLimitRadiansPerSecond2: Double? = nil,
                jerkLimitRadiansPerSecond3: Double? = nil, gains: ServoGains, isGripper: Bool = false) {
        self.name = name
        self.id = id
        self.model = model
        self.lowerRadians = lowerRadians
        self.upperRadians = upperRadians
        self.velocityLimitRadiansPerSecond = velocityLimitRadiansPerSecond
        self.accelerationLimitRadiansPerSecond2 = accelerationLimitRadiansPerSecond2
        self.jerkLimitRadiansPerSecond3 = jerkLimitRadiansPerSecond3
        self.gains = gains
        self.isGripper = isGripper
    }

    /// Width of the position range, rad.
    public var rangeRadians: Double { upperRadians - lowerRadians }
}

/// A robot as `robots/<name>/robot.yaml` describes it.
public struct RobotDescription: Equatable, Sendable {
    public var name: String
    /// The robot directory (holds `robot.yaml`, `model.xml`, `randomization.yaml`), if loaded from disk.
    public var directory: URL?
    public var protocolKind: ServoProtocolKind
    public var baudRate: Int
    public var joints: [JointDescription]

    public init(name: String, directory: URL?, protocolKind: ServoProtocolKind, baudRate: Int,
                joints: [JointDescription]) {
        self.name = name
        self.directory = directory
        self.protocolKind = protocolKind
        self.baudRate = baudRate
        self.joints = joints
    }

    /// Motor ids in joint order.
    public var ids: [ServoID] { joints.map(\.id) }

    /// The joint with the given name, if any.
    public func joint(named name: String) -> JointDescription? { joints.first { $0.name == name } }
}
