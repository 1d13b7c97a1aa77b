import Foundation
import SteadyCore

/// The first-order thermal model of one servo: winding I²R heating into one lumped heat
/// capacity, cooling through one thermal resistance to ambient air.
///
/// Temperature T obeys C·dT/dt = I²·R − (T − T_ambient)/R_th, so under a constant current it
/// follows T(t) = T_ss + (T₀ − T_ss)·e^(−t/τ) with T_ss = T_ambient + I²·R·R_th and τ = R_th·C.
/// Servo datasheets publish none of these; `estimate(for:)` documents how they are guessed.
public struct ThermalParameters: Equatable, Sendable {
    /// Winding resistance, Ω.
    public var windingResistanceOhms: Double
    /// Thermal resistance from the winding (where the servo's sensor effectively reads) to ambient air, K/W.
    public var thermalResistanceKelvinPerWatt: Double
    /// Lumped heat capacity of motor, gearbox and case, J/K.
    public var heatCapacityJoulesPerKelvin: Double
    /// Ambient air temperature, °C.
    public var ambientCelsius: Double

    /// Creates thermal parameters from their SI values.
    public init(windingResistanceOhms: Double, thermalResistanceKelvinPerWatt: Double,
                heatCapacityJoulesPerKelvin: Double, ambientCelsius: Double = 25) {
        self.windingResistanceOhms = windingResistanceOhms
        self.thermalResistanceKelvinPerWatt = thermalResistanceKelvinPerWatt
        self.heatCapacityJoulesPerKelvin = heatCapacityJoulesPerKelvin
        self.ambientCelsius = ambientCelsius
    }

    /// Time constant τ = R_th·C of heating and cooling, seconds.
    public var timeConstantSeconds: Double { thermalResistanceKelvinPerWatt * heatCapacityJoulesPerKelvin }

    /// Heat the winding dissipates at `currentAmps`, W.
    public func heatingWatts(currentAmps: Double) -> Double {
        currentAmps * currentAmps * windingResistanceOhms
    }

    /// The temperature a constant `currentAmps` settles at, °C.
    public func steadyStateCelsius(currentAmps: Double) -> Double {
        ambientCelsius + heatingWatts(currentAmps: currentAmps) * thermalResistanceKelvinPerWatt
    }

    /// Servo case masses, g (vendors' datasheets), the size the estimates scale with.
    private static let caseGrams: [String: Double] = [
        "sts3215": 55, "xl430-w250": 57.2, "xl330-m288": 18, "xl330-m077": 18, "xc330-m288": 23,
    ]

    /// Estimates for `model`, from its datasheet figures and its size:
    ///
    /// - winding resistance = nominal volts / stall current (a DC motor at stall is its
    ///   resistance across the supply): STS3215 7.4 V / 2.7 A = 2.74 Ω;
    /// - heat capacity ≈ 0.36 J/(g·K) × case mass, a mix of copper, steel, and plastic
    ///   (copper 0.39, steel 0.46, nylon 1.7 J/(g·K), the metal parts dominating the mass):
    ///   STS3215 55 g → 20 J/K;
    /// - thermal resistance 15 K/W for a 55 g servo in still air (a 45 × 25 × 35 mm case,
    ///   ~0.01 m² at ~7 W/(m²·K) natural convection), scaled with the surface, mass^(−2/3).
    ///
    /// For the STS3215 this gives τ = 300 s, a stall (2.7 A, 20 W) that crosses the factory
    /// 70 °C limit in about 50 s, and a 1 A hold (37 % of stall) that settles 41 K above ambient.
    public static func estimate(for model: MotorModel, ambientCelsius: Double = 25) -> ThermalParameters {
        let grams = caseGrams[model.name] ?? 55
        return ThermalParameters(windingResistanceOhms: model.nominalVolts / model.stallCurrentAmps,
                                 thermalResistanceKelvinPerWatt: 15 * pow(55 / grams, 2.0 / 3.0),
                                 heatCapacityJoulesPerKelvin: 0.36 * grams,
                                 ambientCelsius: ambientCelsius)
    }
}
