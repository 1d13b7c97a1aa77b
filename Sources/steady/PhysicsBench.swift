import ArgumentParser
import Foundation
import ServoBus
import Sim
import SteadyCore

/// `steady bench physics`: how much faster than real time a robot's MuJoCo twin steps.
struct PhysicsBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "physics",
        abstract: "Time the MuJoCo servo twin: simulated seconds per wall-clock second.",
        discussion: """
        Builds the robot's physics twin (model.xml + physics.yaml) behind its servo firmware, \
        turns torque on and sweeps every joint's goal along a slow sine, then times \
        ServoTwin.advance(seconds: 1) — physics steps, servo loops, thermal model and register \
        updates, as TwinServer runs them — and reports the real-time factor, per wall second \
        and per CPU second of this thread (CLOCK_THREAD_CPUTIME_ID, which does not drop when \
        other processes share the core).
        """)

    @Option(name: .long, help: "Robot name or directory.")
    var robot = "so101"

    @Option(name: .long, help: "Simulated seconds to time.", transform: CommandRanges.benchmarkCount.parse)
    var seconds = 20

    func run() throws {
        let description = try RobotDescription.load(robot)
        let plant = try MuJoCoPlant(robot: description)
        let twin = ServoTwin(robot: description, plant: plant)
        for motor in twin.motors {
            motor.set(.lock, 0)
            motor.set(.torqueEnable, 1)
        }
        let steps = Int((1 / plant.stepSeconds).rounded())
        print("physics twin: \(description.name), \(description.joints.count) motors, step \(fixed(plant.stepSeconds * 1000, 1)) ms, \(seconds) × 1 s advances")
        var wall: [Double] = []
        var cpu = 0.0
        for second in 0..<(seconds + 1) {
            for (index, motor) in twin.motors.enumerated() {
                let joint = description.joints[index]
                let goal = 0.3 * joint.rangeRadians / 2 * sin(Double(second) + Double(index))
                motor.set(.goalPosition, motor.model.halfTurnTicks + Int(goal * Double(motor.model.ticksPerRevolution) / (2 * .pi)))
            }
            let start = Monotonic.nanoseconds(), cpuStart = SimBench.threadCPUNanoseconds()
            try twin.advance(seconds: 1)
            if second > 0 {   // the first warms caches
                wall.append(Double(Monotonic.nanoseconds() - start) / 1e9)
                cpu += Double(SimBench.threadCPUNanoseconds() - cpuStart) / 1e9
            }
        }
        wall.sort()
        let mean = wall.reduce(0, +) / Double(wall.count)
        print("wall time per simulated second: mean \(fixed(mean * 1000, 2)) ms, min \(fixed(wall[0] * 1000, 2)) ms, max \(fixed(wall[wall.count - 1] * 1000, 2)) ms")
        let cpuMean = cpu / Double(wall.count)
        print("CPU time per simulated second: \(fixed(cpuMean * 1000, 2)) ms (\(fixed(cpuMean / Double(steps) * 1e6, 2)) µs per step)")
        print("real-time factor: \(fixed(1 / cpuMean, 0))× per CPU second; \(fixed(1 / mean, 0))× per wall second (\(fixed(1 / wall[wall.count - 1], 0))× worst)")
    }
}
