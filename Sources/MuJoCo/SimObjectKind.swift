import CMuJoCo

/// The kinds of named MuJoCo objects Steady looks up by name.
public enum SimObjectKind: String, Sendable, CaseIterable, CustomStringConvertible {
    /// A rigid body (`mjOBJ_BODY`).
    case body
    /// A joint (`mjOBJ_JOINT`).
    case joint
    /// An actuator (`mjOBJ_ACTUATOR`).
    case actuator
    /// A site, a named frame such as an end effector (`mjOBJ_SITE`).
    case site
    /// A sensor (`mjOBJ_SENSOR`).
    case sensor

    /// The kind's MJCF element name.
    public var description: String { rawValue }

    /// The matching `mjtObj` value for `mj_name2id` and `mj_id2name`.
    var mjObject: Int32 {
        switch self {
        case .body: return Int32(mjOBJ_BODY.rawValue)
        case .joint: return Int32(mjOBJ_JOINT.rawValue)
        case .actuator: return Int32(mjOBJ_ACTUATOR.rawValue)
        case .site: return Int32(mjOBJ_SITE.rawValue)
        case .sensor: return Int32(mjOBJ_SENSOR.rawValue)
        }
    }
}

// The typed ids below are tiny and only make sense together, so they share this file: each wraps
// MuJoCo's integer id so that a joint id cannot be passed where an actuator id is expected. Every
// `SimModel` and `SimData` method checks an id against its model before C sees it.

/// The id of a body in one `SimModel` (index into MuJoCo's `body_*` arrays).
public struct BodyID: Hashable, Sendable {
    public let rawValue: Int
    /// The body with MuJoCo id `rawValue` (checked against the model where it is used).
    public init(rawValue: Int) { self.rawValue = rawValue }
}
/// The id of a joint in one `SimModel` (index into MuJoCo's `jnt_*` arrays).
public struct JointID: Hashable, Sendable {
    public let rawValue: Int
    /// The joint with MuJoCo id `rawValue` (checked against the model where it is used).
    public init(rawValue: Int) { self.rawValue = rawValue }
}
/// The id of an actuator in one `SimModel` (index into MuJoCo's `actuator_*` arrays and `ctrl`).
public struct ActuatorID: Hashable, Sendable {
    public let rawValue: Int
    /// The actuator with MuJoCo id `rawValue` (checked against the model where it is used).
    public init(rawValue: Int) { self.rawValue = rawValue }
}
/// The id of a site in one `SimModel` (index into MuJoCo's `site_*` arrays).
public struct SiteID: Hashable, Sendable {
    public let rawValue: Int
    /// The site with MuJoCo id `rawValue` (checked against the model where it is used).
    public init(rawValue: Int) { self.rawValue = rawValue }
}
/// The id of a sensor in one `SimModel` (index into MuJoCo's `sensor_*` arrays).
public struct SensorID: Hashable, Sendable {
    public let rawValue: Int
    /// The sensor with MuJoCo id `rawValue` (checked against the model where it is used).
    public init(rawValue: Int) { self.rawValue = rawValue }
}
