import ArgumentParser
import Foundation
import Runtime
import Safety
import Sidecar
import Sim
import SteadyCore

/// `steady run --policy CHECKPOINT --episodes N`: the reach task's scored episodes with a fixed
/// checkpoint, through the episode code of `steady run --learn` (`ReachEpisodePolicy` without
/// a streamer): each episode starts at the start pose with the next goal (drawn with --seed as
/// the task draws its targets, unless --goal fixes one), runs the task's 50 policy
/// calls, is scored with the task's `ReachReward` from the readings, and the arm returns along
/// a planned ramp. The episodes are printed, compared first-10/last-10, and written to
/// `RUN/episodes.csv`.
extension RunCommand {
    func runEpisodes(_ count: Int, robot: RobotDescription, calibration: RobotCalibration) throws {
        let deployment = try CheckpointDeployment(path: policy!, robot: robot, goal: try parsedGoal(), seed: seed, episodes: count)
        let (callRate, rateNotice) = policyRate(for: RuntimePolicy(policy: deployment.policy, deployment: deployment))
        let plan = try loopPlan(robot: robot, policyRateHz: callRate)
        let callsPerSecond = rate / Double(plan.loop.ticksPerPolicyCall)
        let episodic = ReachEpisodePolicy(adapter: deployment.policy, actor: deployment.actor!, streamer: nil,
                                          maxEpisodeSteps: ReachTask.defaultMaxEpisodeSteps,
                                          startPose: Array(repeating: 0, count: robot.joints.count),
                                          limits: MotionLimits(plan.safety), callRateHz: callsPerSecond, episodes: count,
                                          holdsWithoutLearner: false,
                                          name: "\(deployment.metadata.algorithm) \(deployment.metadata.environment) step \(deployment.metadata.step) "
                                              + "(\(displayPath(deployment.file))), \(count) reach episodes")
        let directory = noLog ? nil : URL(fileURLWithPath: log ?? Self.defaultRunDirectory(policy: "episodes"))
        let adapter = deployment.policy
        let goals = adapter.hasFixedGoal ? "goal \(format(adapter.goal)) m" : "a goal drawn per episode (--seed \(seed))"
        let header = ["checkpoint: \(deployment.metadata.algorithm) \(deployment.metadata.environment), step \(deployment.metadata.step), "
                      + "\(displayPath(deployment.file)); \(count) episodes of \(episodic.maxEpisodeSteps) steps, \(goals); "
                      + "called at \(fixed(callsPerSecond, 1)) Hz"]
        let collector = EpisodeCollector(ring: episodic.episodes)
        collector.start()
        let result: RunResult
        do {
            result = try execute(policy: episodic, robot: robot, calibration: calibration, plan: plan, directory: directory,
                                 header: header, rateNotice: rateNotice, shouldStop: { stopSignalReceived != 0 || episodic.isDone })
        } catch {
            collector.stop()
            throw error
        }
        let episodes = collector.stop()
        for line in EpisodeTable.render(episodes) { print(line) }
        if let directory {
            try EpisodeResults.write(episodes, to: directory)
            print("episodes: \(displayPath(directory.appendingPathComponent(EpisodeResults.fileName)))")
        }
        flushOutput()
        if !result.succeeded { throw ExitCode.failure }
    }
}

/// Drains a policy's episode ring off the loop's thread, printing each episode as it ends.
final class EpisodeCollector: @unchecked Sendable {
    private let ring: ValueRing<ActorEpisode>
    private let lock = NSLock()
    private var collected: [ActorEpisode] = []
    private var running = true
    private var thread: Thread?

    init(ring: ValueRing<ActorEpisode>) { self.ring = ring }

    /// Starts polling every 50 ms.
    func start() {
        let thread = Thread { [self] in
            while lock.withLock({ running }) {
                drain()
                usleep(50_000)
            }
        }
        self.thread = thread
        thread.start()
    }

    /// Stops polling, drains what is left and returns every episode in order.
    @discardableResult
    func stop() -> [ActorEpisode] {
        lock.withLock { running = false }
        drain()
        return lock.withLock { collected }
    }

    private func drain() {
        lock.withLock {
            while let episode = ring.pop() {
                collected.append(episode)
                print(LearningRun.line(episode))
                flushOutput()
            }
        }
    }
}
