import Foundation
import Testing
import ServoBus
import SteadyCore
@testable import Sim

@Suite struct MuJoCoPlantThermalTests {
    /// The STS3215's estimate: 2.74 Ω winding, 15 K/W, 19.8 J/K, so τ = 297 s.
    let thermal = ThermalParameters.estimate(for: .sts3215)

    @Test func aStalledServoHeatsAlongTheFirstOrderCurveTripsOverheatAndCoolsBack() throws {
        let arm = try PhysicsTwin()
        try arm.holdPose(Array(repeating: 0, count: 6), settleSeconds: 0.2)
        // Drive the gripper into its closing stop (limit 1.75 rad): full duty, no motion, stall current.
        let gripper = arm.index("gripper")
        var goals = try arm.bus.readPresent().map(\.positionTicks)
        goals[gripper] = PhysicsTwin.ticks(2.5)
        try arm.bus.write("Goal_Position", values: goals)
        try arm.twin.advance(seconds: 1)   // closing takes ~0.5 s; from here on it is stalled
        let start = arm.plant.reading(motor: gripper).temperatureCelsius
        let current = MotorModel.sts3215.stallCurrentAmps
        let watts = current * current * thermal.windingResistanceOhms
        let tau = thermal.thermalResistanceKelvinPerWatt * thermal.heatCapacityJoulesPerKelvin
        let steady = thermal.ambientCelsius + watts * thermal.thermalResistanceKelvinPerWatt
        func closedForm(_ t: Double) -> Double { steady + (start - steady) * exp(-t / tau) }
        var elapsed = 0.0
        for _ in 0..<4 {
            try arm.twin.advance(seconds: 10)
            elapsed += 10
            let reading = arm.plant.reading(motor: gripper)
            #expect(abs(reading.currentAmps - current) < 0.05, "stall current \(reading.currentAmps) A")
            #expect(abs(reading.temperatureCelsius - closedForm(elapsed)) < 0.02,
                    "t = \(elapsed) s: \(reading.temperatureCelsius) °C, closed form \(closedForm(elapsed)) °C")
            let state = try arm.bus.readPresent()[gripper]
            #expect(abs(Double(state.temperatureCelsius) - closedForm(elapsed)) <= 0.6)
            #expect(state.statusError == 0)
        }
        // The factory limit is 70 °C: the closed form crosses it at t = −τ·ln((T_ss − 70) / (T_ss − T₀)).
        let tripTime = -tau * log((steady - 70) / (steady - start))
        var tripped: Double?
        while tripped == nil, elapsed < 80 {
            try arm.twin.advance(seconds: 0.02)
            elapsed += 0.02
            if try arm.bus.readPresent()[gripper].statusError & 0x04 != 0 { tripped = elapsed }
        }
        print("so101 gripper stalled at \(current) A (\(watts) W) from \(start) °C: \(closedForm(20)) °C after 20 s, overheat bit at \(tripped ?? .nan) s (closed form \(tripTime) s)")
        #expect(abs((tripped ?? .infinity) - tripTime) < 0.05)
        #expect(try arm.bus.read("Torque_Enable", joint: gripper) == 0)   // the firmware dropped torque

        // Torque off, no current: back toward ambient with the same time constant.
        let hot = arm.plant.reading(motor: gripper).temperatureCelsius
        try arm.twin.advance(seconds: 120)
        let cooled = arm.plant.reading(motor: gripper).temperatureCelsius
        let expected = thermal.ambientCelsius + (hot - thermal.ambientCelsius) * exp(-120 / tau)
        print("cooling 120 s from \(hot) °C: \(cooled) °C (closed form \(expected) °C)")
        #expect(arm.plant.reading(motor: gripper).currentAmps == 0)
        #expect(abs(cooled - expected) < 0.05)
        #expect(try arm.bus.readPresent()[gripper].statusError & 0x04 != 0)   // latched until reboot
    }

    @Test func theThermalModelIsExactForAConstantCurrentWhateverTheStep() {
        var coarse = ThermalModel(parameters: thermal)
        var fine = ThermalModel(parameters: thermal)
        coarse.advance(seconds: 100, currentAmps: 1)
        for _ in 0..<50_000 { fine.advance(seconds: 0.002, currentAmps: 1) }
        let expected = 25 + 1 * thermal.windingResistanceOhms * 15 * (1 - exp(-100 / thermal.timeConstantSeconds))
        #expect(abs(coarse.temperatureCelsius - expected) < 1e-9)
        #expect(abs(fine.temperatureCelsius - expected) < 1e-6)
        // A 1 A hold settles 41 K above ambient; a stall crosses 70 °C in under a minute.
        #expect(abs(thermal.steadyStateCelsius(currentAmps: 1) - 66.1) < 0.1)
        #expect(abs(thermal.timeConstantSeconds - 297) < 1)
    }

    @Test func overridesChangeTheThermalParametersAndAmbient() throws {
        let hot = try PhysicsOverrides.parse("""
            ambient_temperature: 40
            joints: {gripper: {thermal_capacitance: {scale: 0.5}, thermal_resistance: 20}}
            """, file: "hot.yaml")
        let arm = try PhysicsTwin(overrides: [hot])
        let gripper = arm.plant.servos[arm.index("gripper")].parameters.thermal
        #expect(gripper.ambientCelsius == 40 && gripper.thermalResistanceKelvinPerWatt == 20)
        #expect(abs(gripper.heatCapacityJoulesPerKelvin - thermal.heatCapacityJoulesPerKelvin / 2) < 1e-12)
        #expect(arm.plant.reading(motor: 0).temperatureCelsius == 40)
        #expect(try arm.bus.readPresent().allSatisfy { $0.temperatureCelsius == 40 })
    }
}
