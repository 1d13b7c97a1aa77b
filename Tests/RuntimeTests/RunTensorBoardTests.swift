import Foundation
import Metrics
import ServoBus
import SteadyCore
import SteadyTesting
import Testing
@testable import Runtime

/// A run's TensorBoard curves, written by the logger thread and read back.
@Suite(.serialized) struct RunTensorBoardTests {
    @Test("a run writes loop, thermal, safety and wear curves, then summary.json's figures at the last tick")
    func runCurvesReadBack() throws {
        let robot = so101()
        let twin = ServoTwin(robot: robot)
        let runtime = RobotRuntime(robot: robot, calibration: .factory(for: robot), transport: TwinTransport(twin: twin),
                                   policy: SinePolicy(robot: robot, callRateHz: 100), safety: .fromRobot(robot),
                                   options: RunOptions(loop: LoopConfiguration(rateHz: 100, durationSeconds: 0.6,
                                                                               softStartSeconds: 0.1, holdSeconds: 0.05),
                                                       realTime: .none))
        let directory = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("steady-tb-run-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        runtime.tensorBoardDirectory = directory.appendingPathComponent("tb")
        let result = try runtime.run(directory: directory)

        let url = try #require(result.tensorBoardFile)
        #expect(TensorBoardEventFile.files(in: directory.appendingPathComponent("tb")) == [url])
        let file = try TensorBoardEventFile(contentsOf: url)
        for tag in ["loop/rate_hz", "loop/lateness_p99_us", "loop/missed_ticks", "loop/failed_ticks", "thermal/peak_celsius",
                    "safety/limiter_activity", "wear/continuity_cost", "wear/reversals_per_second", "run/continuity_cost"] {
            #expect(file.tags.contains(tag), "missing \(tag) in \(file.tags)")
        }
        // The last window is written when the log closes, at the number of ticks logged.
        #expect(file.scalars("loop/missed_ticks").last?.step == Int64(result.ticksLogged))
        #expect(file.scalars("loop/missed_ticks").last?.value == Float(result.counters.missed))
        #expect(file.scalars("thermal/peak_celsius").allSatisfy { (20...80).contains($0.value) })
        let summary = try #require(result.report)
        #expect(file.scalars("run/continuity_cost").map(\.value) == [Float(summary.continuityCost)])
        #expect(file.scalars("run/continuity_cost").map(\.step) == [Int64(result.ticksLogged)])
        #expect(file.scalars("wear/continuity_cost").allSatisfy { $0.value >= 0 })
    }
}
