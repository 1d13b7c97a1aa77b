/// The logged signals of one joint, one sample per control tick.
///
/// Every optional signal, when present, has one sample per tick like `command`.
public struct JointSignals: Equatable, Sendable {
    /// The joint's name, as in the robot file.
    public var name: String
    /// The command sent to the joint each tick (after the safety chain), rad.
    public var command: [Double]
    /// The measured present position each tick, rad.
    public var presentPosition: [Double]?
    /// The motor current each tick, A.
    public var currentAmps: [Double]?
    /// The motor temperature each tick, °C.
    public var temperatureCelsius: [Double]?
    /// The joint's position range from the robot file; nil means "use the command's own min … max".
    public var range: ClosedRange<Double>?

    /// Creates one joint's signals; optional signals must have as many samples as `command`.
    public init(name: String, command: [Double], presentPosition: [Double]? = nil, currentAmps: [Double]? = nil,
                temperatureCelsius: [Double]? = nil, range: ClosedRange<Double>? = nil) {
        for (label, signal) in [("present position", presentPosition), ("current", currentAmps),
                                ("temperature", temperatureCelsius)] {
            if let signal {
                precondition(signal.count == command.count,
                             "joint \(name): \(label) has \(signal.count) samples, command \(command.count)")
            }
        }
        self.name = name
        self.command = command
        self.presentPosition = presentPosition
        self.currentAmps = currentAmps
        self.temperatureCelsius = temperatureCelsius
        self.range = range
    }

    /// The range the metrics normalise by: `range`, or else the command's own min … max.
    public var effectiveRange: ClosedRange<Double> {
        if let range { return range }
        guard let low = command.min(), let high = command.max() else { return 0...0 }
        return low...high
    }
}
