import Foundation
import MuJoCo
import SteadyCore
import Testing
@testable import Sim

/// The `-ee` reach tasks: actions displace the commanded end effector, and the controller turns
/// the displacement into joint deltas by damped least squares.
@Suite struct ReachEndEffectorActionTests {
    func reach(_ name: String, randomization: RandomizationSource = .none, seed: UInt64 = 0) throws -> ReachTask {
        try #require(try TaskFixtures.make(name, randomization: randomization, seed: seed) as? ReachTask)
    }

    /// The commanded end effector by forward kinematics on fresh data (independent of the controller).
    func commandedEndEffector(_ task: ReachTask) throws -> SIMD3<Double> {
        let check = SimData(model: task.simulation.nominalModel)
        for (i, joint) in task.simulation.robot.joints.enumerated() {
            check.setPosition(task.controller.commanded[i], of: try check.model.joint(named: joint.name))
        }
        check.forward()
        return check.position(of: try check.model.site(named: "ee"))
    }

    @Test(arguments: ["so101:reach-ee", "koch:reach-ee"])
    func spacesAndLayoutHaveThreeActions(name: String) throws {
        let task = try reach(name)
        let m = task.controller.actuatedJoints.count
        #expect(task.actionSpace.dimension == 3 && task.controller.actionMode == .endEffectorDeltas)
        #expect(task.rawActionSpace.upper == [0.01, 0.01, 0.01])
        #expect(task.layout.range(of: "previous_action").count == 3 && task.layout.range(of: "commanded").count == m)
        #expect(task.observationSpace.dimension == task.layout.dimension && task.layout.dimension == 12 + m + 3 + 15)
        let observation = try task.reset(seed: 2)
        #expect(observation.count == task.layout.dimension)
        let step = try task.step([0.3, -0.2, 0.5]).observation
        let previous = task.layout.range(of: "previous_action")
        #expect(Array(step[previous]) == [0.3, -0.2, 0.5])
    }

    /// Small displacements move the commanded end effector by what was asked, to first order:
    /// the damping shortens the step a little, the direction stays.
    @Test(arguments: ["so101:reach-ee", "koch:reach-ee"])
    func aSmallActionMovesTheCommandedEndEffectorByTheAskedDisplacement(name: String) throws {
        let task = try reach(name, seed: 7)
        let actions: [[Float]] = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [-0.5, 0.5, -0.5]]
        for seed in 0..<6 as Range<UInt64> {
            _ = try task.reset(seed: seed)
            // Away from home's stretched pose: a few steps in, then measure.
            for _ in 0..<5 { _ = try task.step([0.2, 0.1, -0.3]) }
            for action in actions {
                let before = try commandedEndEffector(task)
                _ = try task.step(action.map { $0 * 0.2 })
                let moved = try commandedEndEffector(task) - before
                let asked = SIMD3(action.map { Double($0) * 0.2 * 0.01 })
                let error = ((moved - asked) * (moved - asked)).sum().squareRoot()
                let length = (asked * asked).sum().squareRoot()
                #expect(error < 0.15 * length, "\(name) seed \(seed) action \(action): moved \(moved), asked \(asked)")
            }
        }
    }

    @Test func jointStepsStayBoundedAndInsideTheLimits() throws {
        let task = try reach("so101:reach-ee", seed: 1)
        _ = try task.reset(seed: 1)
        for t in 0..<200 {
            let before = task.controller.commanded
            _ = try task.step([1, t % 50 < 25 ? 1 : -1, -1])
            for joint in task.controller.actuatedJoints {
                let value = task.controller.commanded[joint]
                #expect(abs(value - before[joint]) <= task.controller.maximumStepRadians + 1e-12)
                #expect(value >= task.controller.lowerLimits[joint] && value <= task.controller.upperLimits[joint])
            }
        }
    }

    @Test func theThreeByThreeSolveMatchesHandComputedValues() {
        // [[4, 1, 0], [1, 3, 1], [0, 1, 2]] · [1, 2, 3] = [6, 10, 8]
        let x = ReachController.solveSymmetric3((SIMD3(4, 1, 0), SIMD3(1, 3, 1), SIMD3(0, 1, 2)), SIMD3(6, 10, 8))
        #expect(abs(x[0] - 1) < 1e-12 && abs(x[1] - 2) < 1e-12 && abs(x[2] - 3) < 1e-12)
    }

    /// A proportional controller on the observed offset, `a = clip(0.2 · (goal − ee) / 1 cm)`,
    /// closes the loop through the real end effector, so servo lag and sag under gravity are
    /// worked off; on the nominal model it must solve most episodes. (It is no policy: under the
    /// default randomization, a heavy arm on weak servos and 40 ms of delay, it winds up and
    /// fails most episodes.)
    @Test(arguments: ["so101:reach-ee", "koch:reach-ee"])
    func aProportionalControllerOnTheOffsetSolvesTheTask(name: String) throws {
        let task = try reach(name, seed: 3)
        let offset = task.goalOffsetRange
        var successes = 0, hold = 0
        let episodes = 30
        for episode in 0..<episodes {
            var observation = try task.reset(seed: nil)
            var last = 0.0
            for _ in 0..<task.maxEpisodeSteps {
                // goal_offset is in dm: 0.2 · offset_m / 0.01 m = 2 · offset_dm.
                let action = observation[offset].map { min(max(2 * $0, -1), 1) }
                let result = try task.step(action)
                observation = result.observation
                last = result.info["is_success"]!
            }
            if last == 1 { successes += 1 }
            // The same goal, held still: almost never a success.
            if episode < 10 {
                _ = try task.reset(seed: nil)
                var still = 0.0
                for _ in 0..<task.maxEpisodeSteps { still = try task.step([0, 0, 0]).info["is_success"]! }
                if still == 1 { hold += 1 }
            }
        }
        print("\(name): proportional controller succeeded in \(successes)/\(episodes) episodes")
        #expect(successes >= episodes * 8 / 10)
        #expect(hold <= 1)
    }
}
