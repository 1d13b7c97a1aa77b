import MuJoCo
import SteadyCore

/// A robot's MuJoCo twin as the learning tasks drive it: a private model copy, randomized at
/// every episode, position servos commanded from normalized actions, physics substeps per
/// control step, and noisy observations of the joints and of chosen sites.
///
/// One control step (`advance(_:)`) carries an action through what lies between a policy and
/// the servos on a real robot, in order: clip to [−1, 1]; action noise (normalized units, then
/// clipped again); map to joint targets in `robot.yaml`'s limits; the action delay (a ring of
/// past targets); backlash (a dead band the target must leave before the servo follows); the
/// servos' `ctrl`; then `substeps` MuJoCo steps (± jitter, optionally with a scaled timestep).
///
/// - Important: `advance(_:)` and the observation writers do not allocate: state is read and
///   written through MuJoCo's arrays at addresses checked when the simulation was built.
public final class TaskSimulation {
    /// The robot, as its `robot.yaml` describes it; its joints are the task's joints, in order.
    public let robot: RobotDescription
    /// The model as loaded, never modified (targets are sampled on it).
    public let nominalModel: SimModel
    /// The task's own copy, randomized at each episode.
    public let model: SimModel
    /// The simulation state.
    public let data: SimData
    /// The randomization, bound to `nominalModel` (empty for `.none`).
    public let plan: RandomizationPlan
    /// Number of joints (= actions).
    public let jointCount: Int
    /// Physics steps per control step, before jitter.
    public let substeps: Int
    /// The nominal control period, s.
    public let controlPeriodSeconds: Double
    /// Joint limits from `robot.yaml`, rad.
    public let lowerLimits: [Double], upperLimits: [Double]
    /// The sites whose positions the task observes, in order.
    public let observedSites: [SiteID]
    /// This episode's drawn parameters.
    public private(set) var draw: RandomizationDraw
    /// Set when a step diverged; `beginEpisode` clears it.
    public internal(set) var needsReset = false
    /// The physics steps taken by the last `advance`.
    public internal(set) var lastSubsteps = 0

    let qposAddresses: [Int]
    let dofAddresses: [Int]
    let actuatorIndices: [Int]
    let siteIndices: [Int]
    let noise: RandomizationNoise
    let nominalTimestep: Double
    let historyRows: Int
    /// Past joint targets, `historyRows` × `jointCount`, a ring whose newest row is `historyHead − 1`.
    let history: UnsafeMutableBufferPointer<Double>
    var historyHead = 0
    /// The target each servo follows after backlash.
    let applied: UnsafeMutableBufferPointer<Double>
    /// Ornstein–Uhlenbeck drift states: joint positions, joint velocities, site coordinates.
    let drift: UnsafeMutableBufferPointer<Double>
    var parameterGenerator = SeededGenerator(seed: 0)
    var noiseGenerator = SeededGenerator(seed: 0)

    /// Builds the simulation of `robot` on a copy of `nominalModel`.
    ///
    /// - Throws: `TaskError.modelMismatch` when a `robot.yaml` joint is missing from the model,
    ///   is not a hinge with the same range, or has no position servo of the same name and
    ///   range, or a site is missing; `TaskError.invalidOption` for unusable options; the
    ///   `RandomizationPlan` errors for names in the configuration that the model lacks.
    public init(robot: RobotDescription, nominalModel: SimModel, randomization: RandomizationConfiguration,
                options: TaskOptions, observedSiteNames: [String]) throws {
        try options.validate()
        self.robot = robot
        self.nominalModel = nominalModel
        func mismatch(_ detail: String) -> TaskError {
            .modelMismatch(robot: robot.name, model: nominalModel.name, detail: detail)
        }
        var qpos: [Int] = [], dofs: [Int] = [], actuators: [Int] = []
        for joint in robot.joints {
            guard let id = try? nominalModel.joint(named: joint.name) else {
                throw mismatch("no joint '\(joint.name)' (model joints: \(nominalModel.names(of: .joint).joined(separator: ", ")))")
            }
            let limits = joint.lowerRadians...joint.upperRadians
            guard nominalModel.isScalar(id), let range = nominalModel.range(of: id), Self.same(range, limits) else {
                throw mismatch("joint '\(joint.name)' must be a limited hinge with range \(limits)")
            }
            guard let servo = try? nominalModel.actuator(named: joint.name), nominalModel.joint(drivenBy: servo) == id,
                  nominalModel.isPositionServo(servo) else {
                throw mismatch("joint '\(joint.name)' needs a position actuator of the same name driving it")
            }
            guard let control = nominalModel.controlRange(of: servo), Self.same(control, limits) else {
                throw mismatch("actuator '\(joint.name)' must have ctrlrange \(limits)")
            }
            qpos.append(nominalModel.qposAddress(of: id))
            dofs.append(nominalModel.dofAddress(of: id))
            actuators.append(servo.rawValue)
        }
        observedSites = try observedSiteNames.map { name in
            guard let site = try? nominalModel.site(named: name) else {
                throw mismatch("no site '\(name)' (model sites: \(nominalModel.names(of: .site).joined(separator: ", ")))")
            }
            return site
        }
        qposAddresses = qpos
        dofAddresses = dofs
        actuatorIndices = actuators
        siteIndices = observedSites.map(\.rawValue)
        jointCount = robot.joints.count
        lowerLimits = robot.joints.map(\.lowerRadians)
        upperLimits = robot.joints.map(\.upperRadians)
        nominalTimestep = nominalModel.timestepSeconds
        substeps = try options.substeps(timestepSeconds: nominalTimestep)
        controlPeriodSeconds = Double(substeps) * nominalTimestep

        plan = try RandomizationPlan(configuration: randomization, model: nominalModel,
                                     jointNames: robot.joints.map(\.name), observedPointCount: observedSiteNames.count)
        noise = randomization.noise
        model = nominalModel.copy()
        model.contactsEnabled = options.contactsEnabled && nominalModel.contactsEnabled
        data = SimData(model: model)
        draw = plan.nominalDraw()

        historyRows = plan.maximumActionDelayTicks + 1
        history = .allocate(capacity: historyRows * jointCount)
        history.initialize(repeating: 0)
        applied = .allocate(capacity: jointCount)
        applied.initialize(repeating: 0)
        drift = .allocate(capacity: 2 * jointCount + 3 * observedSites.count)
        drift.initialize(repeating: 0)
    }

    deinit {
        history.deallocate()
        applied.deallocate()
        drift.deallocate()
    }

    private static func same(_ a: ClosedRange<Double>, _ b: ClosedRange<Double>) -> Bool {
        abs(a.lowerBound - b.lowerBound) < 1e-6 && abs(a.upperBound - b.upperBound) < 1e-6
    }

    /// Replaces the generators of the per-episode parameters and of the per-step noise.
    public func reseed(parameters: SeededGenerator, noise: SeededGenerator) {
        parameterGenerator = parameters
        noiseGenerator = noise
    }

    /// Starts an episode: draws this episode's parameters (or restores the nominal ones when
    /// `randomize` is false), writes them into the model copy, and places the robot at rest at
    /// `initialPositions` with every servo holding there.
    public func beginEpisode(initialPositions: [Double], randomize: Bool = true) {
        precondition(initialPositions.count == jointCount, "TaskSimulation: need \(jointCount) initial positions")
        let nominal = plan.nominalDraw()
        draw = randomize ? plan.draw(using: &parameterGenerator) : nominal
        plan.apply(draw, to: model)
        model.timestepSeconds = nominalTimestep
        data.reset()
        for i in 0..<jointCount {
            data.qposPointer[qposAddresses[i]] = initialPositions[i]
            data.ctrlPointer[actuatorIndices[i]] = initialPositions[i]
            applied[i] = initialPositions[i]
            for row in 0..<historyRows { history[row * jointCount + i] = initialPositions[i] }
        }
        historyHead = 0
        data.forward()
        // Drift starts from its stationary distribution, so episodes do not begin noise-free.
        var k = 0
        for (channel, count) in [(noise.jointPosition, jointCount), (noise.jointVelocity, jointCount),
                                 (noise.endEffector, 3 * observedSites.count)] {
            for _ in 0..<count {
                drift[k] = channel.driftStandardDeviation > 0 && randomize
                    ? noiseGenerator.gaussian(mean: 0, standardDeviation: channel.driftStandardDeviation) : 0
                k += 1
            }
        }
        needsReset = false
        lastSubsteps = 0
    }

    /// The joint target a normalized action component maps to, rad.
    @inline(__always)
    public func jointTarget(normalized value: Double, joint i: Int) -> Double {
        lowerLimits[i] + (value + 1) * 0.5 * (upperLimits[i] - lowerLimits[i])
    }

    /// The normalized action that commands joint `i` to `radians`.
    @inline(__always)
    public func normalizedAction(radians: Double, joint i: Int) -> Double {
        2 * (radians - lowerLimits[i]) / (upperLimits[i] - lowerLimits[i]) - 1
    }

    /// The true position of joint `i`, rad.
    @inline(__always)
    public func position(ofJoint i: Int) -> Double { data.qposPointer[qposAddresses[i]] }

    /// The true velocity of joint `i`, rad/s.
    @inline(__always)
    public func velocity(ofJoint i: Int) -> Double { data.qvelPointer[dofAddresses[i]] }

    /// The true world position of observed site `k`, m.
    @inline(__always)
    public func position(ofSite k: Int) -> SIMD3<Double> {
        let p = data.sitePositionPointer + 3 * siteIndices[k]
        return SIMD3(p[0], p[1], p[2])
    }
}
