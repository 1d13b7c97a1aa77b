import Neural
import SteadyCore

/// The acting half of generalized state-dependent exploration (gSDE, Raffin et al. 2021):
/// noise = z(s) · E, with z(s) the policy's last hidden features and E ~ N(0, σ²) a
/// `featureSize × actionSize` matrix per environment, redrawn on a `ResampleSchedule`.
///
/// Because the noise is a function of the state while E is held, the same state gets the same
/// perturbation: exploration is smooth in time. σ is supplied at each draw (SAC learns it; TD3
/// and DDPG schedule it), so this type knows nothing of networks, only features.
public final class StateDependentNoise {
    /// Width of z(s).
    public let featureSize: Int
    /// Action dimension.
    public let actionSize: Int
    private let matrices: [Matrix]
    private var schedules: [ResampleSchedule]

    /// Creates one exploration matrix per environment (all zero until the first draw).
    public init(featureSize: Int, actionSize: Int, environments: Int, interval: Int) {
        precondition(featureSize > 0 && actionSize > 0 && environments > 0, "StateDependentNoise: invalid sizes")
        self.featureSize = featureSize
        self.actionSize = actionSize
        matrices = (0..<environments).map { _ in Matrix(rows: featureSize, columns: actionSize) }
        schedules = Array(repeating: ResampleSchedule(interval: interval), count: environments)
    }

    /// Marks an episode start in `environment`: the next `noise` call draws a new E.
    public func episodeStarted(environment: Int) {
        schedules[environment].episodeStarted()
    }

    /// Writes z · E for `environment` into `noise`, first drawing E_ij ~ N(0, σ_ij²) when due.
    ///
    /// - Parameters:
    ///   - features: z(s), `featureSize` floats.
    ///   - sigma: σ, `featureSize × actionSize` floats, row-major.
    /// - Important: Allocates nothing.
    public func noise(features: UnsafeBufferPointer<Float>, sigma: UnsafePointer<Float>,
                      into noise: UnsafeMutableBufferPointer<Float>, environment: Int,
                      generator: inout SeededGenerator) {
        precondition(features.count == featureSize && noise.count == actionSize, "StateDependentNoise: wrong sizes")
        let matrix = matrices[environment]
        if schedules[environment].step() {
            let e = matrix.baseAddress
            for i in 0..<(featureSize * actionSize) { e[i] = sigma[i] * Float(generator.gaussian()) }
        }
        // noise = Eᵀ · z  (E is featureSize × actionSize, row-major)
        BLAS.gemv(rows: featureSize, columns: actionSize, matrix.baseAddress, transposed: true,
                  features.baseAddress!, into: noise.baseAddress!)
    }

    /// The current exploration matrix of `environment` (for tests and logs).
    public func explorationMatrix(environment: Int) -> Matrix { matrices[environment] }
}
