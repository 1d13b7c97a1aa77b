import Foundation

/// The values one numeric setting may take: a command-line option or a file field, with its
/// unit, checked in one place so that every reader of that setting refuses the same values
/// with the same words.
///
/// Each module keeps the ranges of its own settings in one namespace (`RobotRanges`,
/// `SafetyRanges`, `RunRanges`, `TwinRanges`, `TrainingRanges`); the command line parses its
/// options with `parse(_:)` (ArgumentParser then names the option), file loaders call
/// `problem(_:)` and locate the error at the field, and library types check their
/// configuration against the same ranges. Non-finite numbers are never in a range.
public struct SettingRange<Value: SettingValue>: Sendable, CustomStringConvertible {
    /// The smallest allowed value (or the infimum, when `includesLowerBound` is false).
    public let lowerBound: Value
    /// The largest allowed value.
    public let upperBound: Value
    /// Whether `lowerBound` itself is allowed.
    public let includesLowerBound: Bool
    /// The unit, as printed after the range (`s`, `Hz`, `rad/s`; empty for a plain number).
    public let unit: String
    /// A value outside the range that is also allowed, with what it means (e.g. −1, "once per episode").
    public let special: (value: Value, meaning: String)?

    /// Values in `range` (both ends allowed).
    public init(_ range: ClosedRange<Value>, unit: String = "", alsoAllowing special: (value: Value, meaning: String)? = nil) {
        lowerBound = range.lowerBound
        upperBound = range.upperBound
        includesLowerBound = true
        self.unit = unit
        self.special = special
    }

    /// Values above `lower` up to and including `upper`: (lower, upper].
    public init(above lower: Value, through upper: Value, unit: String = "") {
        lowerBound = lower
        upperBound = upper
        includesLowerBound = false
        self.unit = unit
        special = nil
    }

    /// Whether `value` is allowed.
    public func contains(_ value: Value) -> Bool {
        if let special, value == special.value { return true }
        guard value.isFiniteSetting, value <= upperBound else { return false }
        return includesLowerBound ? value >= lowerBound : value > lowerBound
    }

    /// The allowed values in words: `a finite number in (0, 1000000] s`.
    public var description: String {
        let interval = (includesLowerBound ? "[" : "(") + Value.spell(lowerBound) + ", " + Value.spell(upperBound) + "]"
        let main = "\(Value.kindDescription) in \(interval)" + (unit.isEmpty ? "" : " \(unit)")
        guard let special else { return main }
        return "\(Value.spell(special.value)) (\(special.meaning)) or \(main)"
    }

    /// Why `value` is not allowed, nil when it is: `inf is not allowed: must be a finite number in …`.
    public func problem(_ value: Value) -> String? {
        contains(value) ? nil : "\(Value.spell(value)) is out of range: must be \(description)"
    }

    /// `value` when allowed.
    /// - Throws: `SettingError` naming `name` (an option such as `--duration`, or a field).
    @discardableResult
    public func check(_ value: Value, name: String) throws -> Value {
        if let problem = problem(value) { throw SettingError(name: name, reason: problem) }
        return value
    }

    /// Parses command-line text and checks it; the error does not name the option, since
    /// ArgumentParser prefixes it (`The value 'inf' is invalid for '--duration <duration>': …`).
    /// - Throws: `SettingError` saying what is allowed.
    public func parse(_ text: String) throws -> Value {
        guard let value = Value(settingText: text) else {
            throw SettingError(name: nil, reason: "not \(Value.kindDescription): must be \(description)")
        }
        if let problem = problem(value) { throw SettingError(name: nil, reason: problem) }
        return value
    }
}

/// A setting that is out of its range or not a number; names the option or field when known.
public struct SettingError: Error, Equatable, CustomStringConvertible {
    /// The option (`--tau`) or field (`robot.yaml field 'gains.p'`), nil when the caller adds it.
    public var name: String?
    /// What is wrong, with the allowed values.
    public var reason: String

    /// Creates an error.
    public init(name: String?, reason: String) {
        self.name = name
        self.reason = reason
    }

    public var description: String { name.map { "\($0): \(reason)" } ?? reason }
}

/// A number type a `SettingRange` can hold: `Double` and `Int`.
public protocol SettingValue: Comparable, Sendable {
    /// `a finite number` or `an integer`.
    static var kindDescription: String { get }
    /// The value as messages print it (integral doubles without a fraction).
    static func spell(_ value: Self) -> String
    /// Parses command-line or file text (surrounding spaces allowed).
    init?(settingText: String)
    /// Whether the value is a finite number (always, for integers).
    var isFiniteSetting: Bool { get }
}

extension Double: SettingValue {
    public static var kindDescription: String { "a finite number" }
    public static func spell(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }
    public init?(settingText: String) {
        guard let value = Double(settingText.trimmingCharacters(in: .whitespaces)) else { return nil }
        self = value
    }
    public var isFiniteSetting: Bool { isFinite }
}

extension Int: SettingValue {
    public static var kindDescription: String { "an integer" }
    public static func spell(_ value: Int) -> String { String(value) }
    public init?(settingText: String) {
        guard let value = Int(settingText.trimmingCharacters(in: .whitespaces)) else { return nil }
        self = value
    }
    public var isFiniteSetting: Bool { true }
}
