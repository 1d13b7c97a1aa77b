import Foundation

/// One servo's temperature, advanced under the current it draws (see `ThermalParameters`).
///
/// Each step uses the exact solution of the first-order equation for a current held constant
/// over the step, so the result does not depend on the step size.
public struct ThermalModel: Equatable, Sendable {
    /// The model's parameters; change them at any time.
    public var parameters: ThermalParameters
    /// Present temperature, °C.
    public private(set) var temperatureCelsius: Double

    /// Starts at `temperatureCelsius`, or at ambient.
    public init(parameters: ThermalParameters, temperatureCelsius: Double? = nil) {
        self.parameters = parameters
        self.temperatureCelsius = temperatureCelsius ?? parameters.ambientCelsius
    }

    /// Advances by `seconds` with the winding carrying `currentAmps` throughout.
    public mutating func advance(seconds: Double, currentAmps: Double) {
        precondition(seconds >= 0, "ThermalModel: negative step \(seconds)")
        let target = parameters.steadyStateCelsius(currentAmps: currentAmps)
        temperatureCelsius = target + (temperatureCelsius - target) * exp(-seconds / parameters.timeConstantSeconds)
    }
}
