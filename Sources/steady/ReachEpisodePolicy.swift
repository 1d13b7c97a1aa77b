import Atomics
import Metrics
import Safety
import Sidecar
import Sim
import SteadyCore

/// The reach task run as scored episodes on a robot or twin, while a sidecar learns from them
/// (`steady run --learn`) or with a fixed checkpoint (`steady run --policy CHECKPOINT
/// --episodes N`, without a streamer): one episode code path for both.
///
/// Each episode starts at `startPose`, runs `maxEpisodeSteps` policy calls of the learning
/// actor (behind the reach adapter, which builds the task's observation from the readings, maps
/// actions to joint targets and scores each step with the task's `ReachReward`, as in
/// training), and pushes the transitions into the streamer's ring (when learning) and each
/// episode's summary into `episodes`. Then the arm is brought
/// back to `startPose` along a planned jerk-limited ramp (the soft start's, within the safety
/// chain's limits: the chain passes it untouched) and nothing is learned from that motion:
/// no transition straddles it. The very first episode starts with such a ramp too.
///
/// With `holdsWithoutLearner`, while the learner is unreachable the arm holds its present pose
/// and nothing is recorded; otherwise it keeps acting on the last good weights.
///
/// - Important: `act` is real-time safe: no allocation, lock or system call. Everything it
///   hands on goes through the streamer's preallocated rings.
final class ReachEpisodePolicy: Policy {
    /// Where an episode is.
    enum Phase: Equatable { case returning, acting, done }

    let name: String
    let adapter: ReachPolicyAdapter
    let actor: ActorPolicy
    /// Where transitions go; nil runs a fixed policy's episodes (nothing is learned).
    let streamer: ActorStreamer?
    /// Each finished episode's summary (the streamer's ring when learning).
    let episodes: ValueRing<ActorEpisode>
    /// Policy calls per episode (the task's).
    let maxEpisodeSteps: Int
    /// Episodes to run (nil: until stopped).
    let episodeLimit: Int?
    /// Hold the present pose while the learner is unreachable.
    let holdsWithoutLearner: Bool
    /// The pose each episode starts from, rad.
    let startPose: JointBuffer<Double>
    /// Set once `episodeLimit` episodes have ended (any thread).
    var isDone: Bool { doneFlag.load(ordering: .relaxed) }
    private(set) var phase = Phase.returning

    private let limits: MotionLimits
    private let callRateHz: Double
    private let doneFlag = ManagedAtomic<Bool>(false)
    private let ramp: SoftStart
    private let pose: JointBuffer<Double>
    /// The return ramp's point this call; after the last episode, the pose held.
    private let rampTarget: JointBuffer<Double>
    private let previousObservation: JointBuffer<Float>
    private let previousAction: JointBuffer<Float>
    private let jointCount: Int
    private var hasPrevious = false
    private var step = 0
    private var rampTick: UInt64 = 0
    private var episode = ActorEpisode()
    private var episodesEnded = 0
    /// The continuity cost of the episode's normalized actions.
    private var wear: StreamingWear

    /// - Parameters:
    ///   - callRateHz: how often the loop calls the policy (the return ramp's time base).
    ///   - name: what the run calls it (default: the adapter's name, learning).
    init(adapter: ReachPolicyAdapter, actor: ActorPolicy, streamer: ActorStreamer?, maxEpisodeSteps: Int,
         startPose: [Double], limits: MotionLimits, callRateHz: Double, episodes: Int?, holdsWithoutLearner: Bool,
         name: String? = nil) {
        self.adapter = adapter
        self.actor = actor
        self.streamer = streamer
        self.episodes = streamer?.episodes ?? ValueRing(capacity: 256, filler: ActorEpisode())
        self.maxEpisodeSteps = maxEpisodeSteps
        self.limits = limits
        self.callRateHz = callRateHz
        episodeLimit = episodes
        self.holdsWithoutLearner = holdsWithoutLearner
        jointCount = startPose.count
        self.startPose = JointBuffer(startPose.enumerated().map { limits.clampPosition($1, joint: $0) })
        ramp = SoftStart(jointCount: jointCount)
        pose = JointBuffer(count: jointCount, repeating: 0)
        rampTarget = JointBuffer(count: jointCount, repeating: 0)
        previousObservation = JointBuffer(count: actor.network.observationSize, repeating: 0)
        previousAction = JointBuffer(count: actor.network.actionSize, repeating: 0)
        wear = StreamingWear(ranges: Array(repeating: -1.0...1.0, count: actor.network.actionSize))
        self.name = name ?? "\(adapter.name), learning"
    }

    /// The weights version in use.
    var weightsVersion: UInt64 { actor.weightsVersion }

    /// Starts over with a return to the start pose.
    func reset() {
        phase = .returning
        rampTick = UInt64.max  // planned at the next call, from the pose read then
    }

    /// - Important: Real-time safe.
    func act(observation: UnsafeBufferPointer<Float>, action: UnsafeMutableBufferPointer<Float>) {
        for joint in 0..<jointCount { pose[joint] = Double(observation[joint]) }
        switch phase {
        case .returning:
            returnToStart(action)
        case .acting:
            if holdsWithoutLearner && !(streamer?.isConnected ?? true) {
                hasPrevious = false
                wear.restartSignals()
                for joint in 0..<jointCount { action[joint] = observation[joint] }
            } else if step >= maxEpisodeSteps {
                endEpisode(observation: observation, action: action)
            } else {
                actStep(observation: observation, action: action)
            }
        case .done:
            for joint in 0..<jointCount { action[joint] = Float(rampTarget[joint]) }
        }
    }

    private func returnToStart(_ action: UnsafeMutableBufferPointer<Float>) {
        if rampTick == UInt64.max {
            ramp.plan(from: pose.pointer, toward: startPose.pointer, limits: limits, minimumSeconds: 0.2, rateHz: callRateHz)
            rampTick = 0
        }
        ramp.target(tick: rampTick, into: rampTarget.mutablePointer)
        for joint in 0..<jointCount { action[joint] = Float(rampTarget[joint]) }
        rampTick += 1
        guard rampTick >= ramp.ticks else { return }
        // At the start pose: the next call begins an episode.
        adapter.reset()
        phase = .acting
        step = 0
        hasPrevious = false
        episode = ActorEpisode()
        wear.restartSignals()
        wear.startWindow()
    }

    private func actStep(observation: UnsafeBufferPointer<Float>, action: UnsafeMutableBufferPointer<Float>) {
        adapter.act(observation: observation, action: action)
        recordStep(flags: 0)
        let n = actor.network.actionSize
        for j in 0..<n { wear.add(Double(actor.lastAction[j]), signal: j) }
        previousObservation.mutablePointer.baseAddress!.update(from: actor.lastObservation.baseAddress!, count: previousObservation.count)
        previousAction.mutablePointer.baseAddress!.update(from: actor.lastAction.baseAddress!, count: n)
        hasPrevious = true
        step += 1
    }

    /// The transition from the previous call to the observation `actor.lastObservation` now
    /// holds, scored by the adapter from this call's readings (`lastOutcome`: the task's reward
    /// with the action rate of the previous call's action).
    private func recordStep(flags: UInt8) {
        guard hasPrevious, let outcome = adapter.lastOutcome else { return }
        streamer?.ring.push(observation: previousObservation.pointer, action: previousAction.pointer, reward: Float(outcome.reward),
                           nextObservation: UnsafeBufferPointer(actor.lastObservation), flags: flags)
        episode.episodeReturn += outcome.reward
        episode.length += 1
        episode.finalDistanceMeters = outcome.distanceMeters
        episode.success = outcome.isSuccess
    }

    /// The episode's last reading: its final transition (truncated), its summary, and the
    /// return to the start pose.
    private func endEpisode(observation: UnsafeBufferPointer<Float>, action: UnsafeMutableBufferPointer<Float>) {
        actor.observesOnly = true
        adapter.act(observation: observation, action: action)
        actor.observesOnly = false
        recordStep(flags: SidecarProtocol.truncatedFlag)
        episodesEnded += 1
        episode.episode = UInt64(episodesEnded)
        episode.weightsVersion = actor.weightsVersion
        episode.continuityCost = wear.window(sampleRateHz: callRateHz)?.continuityCost ?? 0
        episodes.push(episode)
        hasPrevious = false
        if let episodeLimit, episodesEnded >= episodeLimit {
            phase = .done
            doneFlag.store(true, ordering: .relaxed)
            for joint in 0..<jointCount {
                rampTarget[joint] = pose[joint]
                action[joint] = observation[joint]
            }
            return
        }
        phase = .returning
        rampTick = UInt64.max
        returnToStart(action)
    }
}
