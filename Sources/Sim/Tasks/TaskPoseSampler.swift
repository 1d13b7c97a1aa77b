import MuJoCo
import SteadyCore

/// Draws goal poses: joint configurations uniform inside the joint limits whose forward
/// kinematics, computed on the nominal model with its contacts as authored, touch nothing
/// (no self-collision, no floor) and keep the observed sites above a minimum height and, when
/// asked, ahead of a plane (x ≥ `minimumSiteX`, world frame).
///
/// Sampling joint space and taking the sites' positions from forward kinematics guarantees
/// that every goal is reachable, and keeps the joint configuration that produced it, so a
/// scripted oracle can command it.
final class TaskPoseSampler {
    /// Scratch data on the nominal model (never the randomized copy: geometry is not
    /// randomized, and contacts must be on here even when the task turns them off).
    private let data: SimData
    private let qposAddresses: [Int]
    private let siteIndices: [Int]
    private let lower: [Double], upper: [Double]
    private let minimumSiteHeight: Double?
    private let minimumSiteX: Double?
    private let maximumAttempts: Int

    /// A sampler for `simulation`'s joints and observed sites, drawing each joint uniformly in
    /// [`lower`, `upper`] (default: its limits).
    init(simulation: TaskSimulation, minimumSiteHeight: Double?, minimumSiteX: Double? = nil, lower: [Double]? = nil,
         upper: [Double]? = nil, maximumAttempts: Int = 1000) {
        data = SimData(model: simulation.nominalModel)
        qposAddresses = simulation.qposAddresses
        siteIndices = simulation.siteIndices
        self.lower = lower ?? simulation.lowerLimits
        self.upper = upper ?? simulation.upperLimits
        self.minimumSiteHeight = minimumSiteHeight
        self.minimumSiteX = minimumSiteX
        self.maximumAttempts = maximumAttempts
    }

    /// One pose: the joint positions and the observed sites' world positions there.
    ///
    /// After `maximumAttempts` rejected draws (a model that is almost always in contact), the
    /// draw with the fewest contacts is returned rather than looping forever.
    func sample(using generator: inout SeededGenerator) -> (joints: [Double], sites: [SIMD3<Double>]) {
        var best: (joints: [Double], sites: [SIMD3<Double>], contacts: Int)?
        for _ in 0..<maximumAttempts {
            let joints = lower.indices.map { generator.uniform(lower[$0], upper[$0]) }
            data.reset()
            for (i, address) in qposAddresses.enumerated() { data.qposPointer[address] = joints[i] }
            data.forward()
            let sites = siteIndices.map { index -> SIMD3<Double> in
                let p = data.sitePositionPointer + 3 * index
                return SIMD3(p[0], p[1], p[2])
            }
            let tooLow = minimumSiteHeight.map { floor in sites.contains { $0.z < floor } } ?? false
            let behind = minimumSiteX.map { plane in sites.contains { $0.x < plane } } ?? false
            let contacts = data.contactCount + (tooLow ? 1 : 0) + (behind ? 1 : 0)
            if contacts == 0 { return (joints, sites) }
            if best == nil || contacts < best!.contacts { best = (joints, sites, contacts) }
        }
        return (best!.joints, best!.sites)
    }
}
