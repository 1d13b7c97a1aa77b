/// Temperature thresholds of one motor, °C.
///
/// At or above `warnCelsius` a warning is reported; above `limitCelsius` the joint's velocity
/// limit is scaled down linearly from 1 at `limitCelsius` to `minimumVelocityScale` at
/// `stopCelsius`; at or above `stopCelsius` a safe stop is requested (and the scale stays at
/// its minimum).
public struct TemperatureThresholds: Equatable, Sendable {
    /// Warning temperature, °C.
    public var warnCelsius: Double
    /// Temperature above which the velocity limit is derated, °C.
    public var limitCelsius: Double
    /// Temperature at which a safe stop is requested, °C.
    public var stopCelsius: Double
    /// Fraction of the velocity limit left at `stopCelsius`, in (0, 1].
    public var minimumVelocityScale: Double

    /// Creates temperature thresholds; requires warn ≤ limit < stop.
    public init(warnCelsius: Double, limitCelsius: Double, stopCelsius: Double, minimumVelocityScale: Double = 0.25) {
        self.warnCelsius = warnCelsius
        self.limitCelsius = limitCelsius
        self.stopCelsius = stopCelsius
        self.minimumVelocityScale = minimumVelocityScale
    }

    /// Warn at 55 °C, derate above 60 °C, stop at 70 °C (down to 25 % of the velocity limit).
    public static let standard = TemperatureThresholds(warnCelsius: 55, limitCelsius: 60, stopCelsius: 70)

    /// The fraction of the velocity limit allowed at `celsius` (finite).
    @inline(__always)
    public func velocityScale(atCelsius celsius: Double) -> Double {
        if celsius <= limitCelsius { return 1 }
        if celsius >= stopCelsius { return minimumVelocityScale }
        return 1 - (1 - minimumVelocityScale) * (celsius - limitCelsius) / (stopCelsius - limitCelsius)
    }

    /// What is wrong with these thresholds, if anything.
    public var problem: String? {
        let range = SafetyRanges.temperature
        guard range.contains(warnCelsius), range.contains(limitCelsius), range.contains(stopCelsius),
              warnCelsius <= limitCelsius, limitCelsius < stopCelsius else {
            return "need warn (\(warnCelsius)) ≤ limit (\(limitCelsius)) < stop (\(stopCelsius)), each \(range)"
        }
        guard minimumVelocityScale > 0, minimumVelocityScale <= 1 else {
            return "minimum velocity scale \(minimumVelocityScale) must be in (0, 1]"
        }
        return nil
    }
}
