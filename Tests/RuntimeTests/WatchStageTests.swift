import Testing
@testable import Safety

/// The stages that report to the loop: temperature watch and stall detector.
@Suite struct WatchStageTests {
    @Test func temperatureThresholdsWarnDerateAndStop() {
        let watch = TemperatureWatch(thresholds: [.standard])
        let state = SafetyState(at: [0])
        let inputs = SafetyInputs(positions: [0])
        func step(_ celsius: Double) -> (scale: Double, events: [SafetyEvent], flags: SafetyFlags) {
            state.beginTick()
            inputs.set(temperatures: [celsius])
            let flags = watch.run([0], inputs, state).flags
            return (state.velocityScale[0], Array(state.events), flags)
        }
        #expect(step(40) == (1, [], []))
        #expect(step(55) == (1, [.temperatureWarning(joint: 0, celsius: 55)], []))
        #expect(step(60) == (1, [.temperatureWarning(joint: 0, celsius: 60)], []))
        // Linear from 1 at 60 °C to 0.25 at 70 °C: 65 °C → 0.625.
        #expect(step(65) == (0.625, [.temperatureWarning(joint: 0, celsius: 65)], .temperature))
        #expect(step(70) == (0.25, [.temperatureStop(joint: 0, celsius: 70)], .temperature))
        #expect(step(90) == (0.25, [.temperatureStop(joint: 0, celsius: 90)], .temperature))
        // An unknown reading keeps the last scale and reports nothing new.
        #expect(step(.nan) == (0.25, [], .temperature))
        #expect(step(20) == (1, [], []))
    }

    @Test func stallIsReportedAfterTheConfiguredTimeAndEscalates() {
        let detector = StallDetector(jointCount: 2, thresholds: StallThresholds(
            loadFraction: 0.8, positionErrorRadians: 0.1, maximumSpeedRadiansPerSecond: 0.2,
            reduceTorqueAfterSeconds: 0.5, dropTorqueAfterSeconds: 1.0))
        let state = SafetyState(at: [0.5, 0.5])
        // Joint 0 pushes (load −0.9) 0.2 rad short of its command; joint 1 is fine.
        let inputs = SafetyInputs(positions: [0.3, 0.5], loads: [-0.9, 0.9], velocities: [0.01, 0], periodSeconds: 0.01)
        var firstReduce: Int?, firstDrop: Int?
        for tick in 1...120 {
            state.beginTick()
            let flags = detector.run([0.5, 0.5], inputs, state).flags
            let events = Array(state.events)
            if events.contains(.stall(joint: 0, action: .reduceTorque)), firstReduce == nil { firstReduce = tick }
            if events.contains(.stall(joint: 0, action: .dropTorque)), firstDrop == nil { firstDrop = tick }
            #expect(events.allSatisfy { $0.joint == 0 } && events.count <= 1)
            #expect(flags == (events.isEmpty ? [] : .stall))
        }
        #expect(firstReduce == 50)
        #expect(firstDrop == 100)

        // One tick without the stall condition restarts the clock.
        inputs.set(loads: [0.1, 0.9])
        state.beginTick()
        _ = detector.run([0.5, 0.5], inputs, state)
        #expect(state.events.isEmpty && detector.stalledSeconds(joint: 0) == 0)
        inputs.set(loads: [0.9, 0.9])
        for _ in 1...49 {
            state.beginTick()
            _ = detector.run([0.5, 0.5], inputs, state)
            #expect(state.events.isEmpty)
        }
    }

    @Test func movingOrUnknownReadingsAreNotAStall() {
        let detector = StallDetector(jointCount: 1, thresholds: StallThresholds(
            loadFraction: 0.8, positionErrorRadians: 0.1, maximumSpeedRadiansPerSecond: 0.2,
            reduceTorqueAfterSeconds: 0, dropTorqueAfterSeconds: 1))
        let state = SafetyState(at: [0.5])
        for (load, velocity, position) in [(0.9, 1.0, 0.3), (Double.nan, 0, 0.3), (0.9, 0, Double.nan), (0.9, 0, 0.45)] {
            state.beginTick()
            let inputs = SafetyInputs(positions: [position], loads: [load], velocities: [velocity])
            #expect(detector.run([0.5], inputs, state).flags.isEmpty, "load \(load) velocity \(velocity) position \(position)")
        }
        // With the speed unknown, load and error alone decide.
        state.beginTick()
        let unknownSpeed = SafetyInputs(positions: [0.3], loads: [0.9])
        #expect(detector.run([0.5], unknownSpeed, state).flags == .stall)
    }
}
