import ArgumentParser
import Foundation
import Runtime
import SteadyCore

/// `steady run --learn`: reach episodes on the robot while a sidecar learns from them.
extension RunCommand {
    func runLearning(robot: RobotDescription, calibration: RobotCalibration) throws {
        let directory = noLog ? nil : URL(fileURLWithPath: log ?? Self.defaultRunDirectory(policy: "learn-\(learnOptions.learn!.rawValue)"))
        // The task's rate unless --policy-rate says otherwise, as a deployed reach checkpoint.
        let probe = try loopPlan(robot: robot, policyRateHz: policyRate ?? 50)
        let callRate = rate / Double(probe.loop.ticksPerPolicyCall)
        let learning = try LearningRun(options: learnOptions, exploration: explorationOptions, robot: robot,
                                       goal: try parsedGoal(), seed: seed, callRateHz: callRate, safety: probe.safety,
                                       runDirectory: directory)
        let taskRate = learning.taskRateHz
        let plan = try loopPlan(robot: robot, policyRateHz: policyRate ?? (taskRate < rate ? taskRate : nil))
        var notice: String?
        if abs(rate / Double(plan.loop.ticksPerPolicyCall) - taskRate) > 1e-6 * taskRate {
            notice = "notice: the task runs at \(fixed(taskRate, 1)) Hz; the policy is called at \(fixed(rate / Double(plan.loop.ticksPerPolicyCall), 1)) Hz"
        }
        let mode = learning.child.map { "a learner started in \(displayPath($0.directory))" } ?? "the learner at \(learnOptions.sidecar!)"
        let adapter = learning.policy.adapter
        let goals = adapter.hasFixedGoal ? "goal \(format(adapter.goal)) m" : "a goal drawn per episode (--seed \(seed))"
        let header = ["learning: \(learnOptions.learn!.rawValue) on \(learning.environmentName), \(goals), "
                      + "\(learning.policy.maxEpisodeSteps) steps per episode, "
                      + (learnOptions.episodes.map { "\($0) episodes" } ?? "episodes until stopped") + ", streaming to \(mode)"]
        learning.start()
        let policy = learning.policy
        let result: RunResult
        do {
            result = try execute(policy: policy, robot: robot, calibration: calibration, plan: plan, directory: directory,
                                 header: header, rateNotice: notice, shouldStop: { stopSignalReceived != 0 || policy.isDone })
        } catch {
            _ = learning.finish(durableTimeoutSeconds: 0)
            throw error
        }
        for line in learning.finish() { print(line) }
        flushOutput()
        if !result.succeeded { throw ExitCode.failure }
    }
}
