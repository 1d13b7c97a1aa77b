import Foundation
import Neural
import SteadyCore

/// SAC's actor: a tanh-squashed Gaussian policy, as SB3's SAC `Actor` with its
/// `SquashedDiagGaussianDistribution` or, with gSDE, its `StateDependentNoiseDistribution`.
///
/// The network is SB3's `latent_pi` MLP followed by one output Linear:
/// - plain: the output holds [μ | log σ] (SB3's `mu` and `log_std` heads stacked, rows 0..<A
///   then A..<2A), log σ clamped to [−20, 2]; x = μ + σ·ε, ε ~ N(0, I).
/// - gSDE: the output is μ, clipped to [−2, 2] (SB3's `clip_mean` Hardtanh); a learned
///   log σ of shape `features × actions` (full_std, init −3, `exp` not `expln`); with z(s) the
///   last hidden features and E = σ ⊙ ε_E one exploration matrix per update,
///   x = μ + z·E ~ N(μ, (z²)·(σ²)) per action, gradients reaching z (SB3's `learn_features`).
///
/// In both cases a = tanh(x) and
/// log π(a|s) = Σⱼ log N(xⱼ; μⱼ, sⱼ) − Σⱼ log(1 − aⱼ² + 10⁻⁶).
/// SB3 recomputes x as atanh(a) for gSDE; the sampled x is used here, which is the same value
/// until tanh saturates in Float32.
///
/// What exploration needs of it (one sample, gSDE's mean and features, copies to perturb) is in
/// `SquashedGaussianActor+Exploration.swift`.
public final class SquashedGaussianActor {
    /// The bounds of plain SAC's log σ.
    public static let logStdBounds: ClosedRange<Float> = -20...2
    /// gSDE's bound on |μ| (SB3's `clip_mean`).
    public static let meanClip: Float = 2
    /// The ε of the squash correction and of gSDE's variance.
    public static let epsilon: Float = 1e-6

    /// The network: observation → hidden → [μ | log σ] (plain) or μ (gSDE).
    public let network: MLP
    /// Action dimension A.
    public let actionSize: Int
    /// Whether the policy uses gSDE.
    public let usesStateDependentNoise: Bool
    /// gSDE's learned log σ, `features × actions` (an empty 1 × 1 placeholder without gSDE).
    public let logStd: Parameter

    /// The last `sample`'s squashed actions, `batch × A`.
    public let actions: Matrix
    /// The last `sample`'s log-probabilities, `batch × 1`.
    public let logProbability: Matrix

    private var lastObservations: Matrix?
    private var lastNoise: Matrix?
    private let preSquash: Matrix, spread: Matrix, offset: Matrix
    private let outputGradient: Matrix, featureGradient: Matrix, scratchBH: Matrix
    private let zSquared: Matrix, sigmaSquared: Matrix, exploration: Matrix, scratchHA: Matrix
    private let gx: Matrix, gvar: Matrix
    /// One observation's network output, for the single-row actions.
    let rawRow: UnsafeMutablePointer<Float>
    /// tanh(μ) for each row of the last `deterministicActions(for:)`.
    let meanActions: Matrix
    private let halfLogTwoPi = Float(0.5 * log(2 * Double.pi))

    /// Creates the actor; `logStdInit` is gSDE's initial log σ.
    public init(observationSize: Int, actionSize: Int, hiddenSizes: [Int], activation: MLP.Activation = .relu,
                stateDependentNoise: Bool, logStdInit: Float = -3, maxBatch: Int, generator: inout SeededGenerator) {
        precondition(!hiddenSizes.isEmpty, "SquashedGaussianActor: needs at least one hidden layer")
        self.actionSize = actionSize
        usesStateDependentNoise = stateDependentNoise
        network = MLP(.init(inputSize: observationSize, hiddenSizes: hiddenSizes,
                            outputSize: stateDependentNoise ? actionSize : 2 * actionSize, activation: activation),
                      maxBatch: maxBatch, generator: &generator)
        let h = hiddenSizes.last!, a = actionSize
        let logStdRows = stateDependentNoise ? h : 1, logStdColumns = stateDependentNoise ? a : 1
        let value = Matrix(rows: logStdRows, columns: logStdColumns)
        value.fill(stateDependentNoise ? logStdInit : 0)
        logStd = Parameter(name: "log_std", role: .weight, shape: [logStdRows, logStdColumns], value: value,
                           gradient: Matrix(rows: logStdRows, columns: logStdColumns))
        actions = Matrix(rows: maxBatch, columns: a)
        logProbability = Matrix(rows: maxBatch, columns: 1)
        preSquash = Matrix(rows: maxBatch, columns: a)
        spread = Matrix(rows: maxBatch, columns: a)
        offset = Matrix(rows: maxBatch, columns: a)
        outputGradient = Matrix(rows: maxBatch, columns: network.outputSize)
        featureGradient = Matrix(rows: maxBatch, columns: h)
        scratchBH = Matrix(rows: maxBatch, columns: h)
        zSquared = Matrix(rows: maxBatch, columns: h)
        sigmaSquared = Matrix(rows: h, columns: a)
        exploration = Matrix(rows: h, columns: a)
        scratchHA = Matrix(rows: h, columns: a)
        gx = Matrix(rows: maxBatch, columns: a)
        gvar = Matrix(rows: maxBatch, columns: a)
        rawRow = .allocate(capacity: network.outputSize)
        rawRow.initialize(repeating: 0, count: network.outputSize)
        meanActions = Matrix(rows: maxBatch, columns: a)
    }

    deinit { rawRow.deallocate() }

    /// A new actor of the same shape with its own buffers and a copy of the parameters (SAC
    /// samples next actions for its targets with one while the actor itself samples current ones).
    public func makeReplica() -> SquashedGaussianActor {
        var unused = SeededGenerator(seed: 0)
        let copy = SquashedGaussianActor(observationSize: observationSize, actionSize: actionSize,
                                         hiddenSizes: network.configuration.hiddenSizes,
                                         activation: network.configuration.activation,
                                         stateDependentNoise: usesStateDependentNoise, maxBatch: network.maxBatch,
                                         generator: &unused)
        copy.copyParameters(from: self)
        return copy
    }

    /// Copies the network's parameters and log σ from an actor of the same shape. Allocates nothing.
    public func copyParameters(from source: SquashedGaussianActor) {
        network.copyParameters(from: source.network)
        logStd.value.baseAddress.update(from: source.logStd.value.baseAddress, count: logStd.count)
    }

    /// Floats per observation.
    public var observationSize: Int { network.inputSize }
    /// Width of z(s).
    public var featureSize: Int { network.configuration.hiddenSizes.last! }
    /// Every trainable tensor: the network's, then gSDE's log σ.
    public var parameters: [Parameter] { network.parameters + (usesStateDependentNoise ? [logStd] : []) }

    /// The shape of the noise `sample` takes: `batch × A` plain, `features × A` for gSDE.
    public func noiseShape(batch: Int) -> (rows: Int, columns: Int) {
        usesStateDependentNoise ? (featureSize, actionSize) : (batch, actionSize)
    }

    /// Draws a = tanh(x) for each row of `observations` with the reparameterization trick, and
    /// log π(a|s), into `actions` and `logProbability`; keeps what `backward` needs.
    ///
    /// - Parameter noise: standard normal draws of `noiseShape(batch:)`: ε per row (plain) or
    ///   ε_E for the whole batch (gSDE, E = σ ⊙ ε_E).
    /// - Important: Allocates nothing.
    public func sample(_ observations: Matrix, noise: Matrix) {
        let batch = observations.rows, a = actionSize
        let out = network.forward(observations)
        lastObservations = observations
        lastNoise = noise
        actions.setRowCount(batch)
        logProbability.setRowCount(batch)
        preSquash.setRowCount(batch)
        spread.setRowCount(batch)
        offset.setRowCount(batch)
        if usesStateDependentNoise {
            let z = network.features, h = featureSize
            let sigma2 = sigmaSquared.baseAddress, e = exploration.baseAddress
            let l = logStd.value.baseAddress, n = noise.baseAddress
            for i in 0..<(h * a) {
                let sigma = expf(l[i])
                e[i] = sigma * n[i]
                sigma2[i] = sigma * sigma
            }
            zSquared.setRowCount(batch)
            let zs = zSquared.baseAddress, zp = z.baseAddress
            for i in 0..<(batch * h) { zs[i] = zp[i] * zp[i] }
            BLAS.gemm(z, exploration, into: offset)            // u = z · E
            BLAS.gemm(zSquared, sigmaSquared, into: spread)    // var = z² · σ²
        }
        let mu = out.baseAddress, width = out.columns
        let x = preSquash.baseAddress, s = spread.baseAddress, u = offset.baseAddress
        let act = actions.baseAddress, logp = logProbability.baseAddress, n = noise.baseAddress
        let eps = Self.epsilon, clip = Self.meanClip
        for row in 0..<batch {
            var sum: Float = 0
            for j in 0..<a {
                let k = row * a + j
                let mean = mu[row * width + j]
                if usesStateDependentNoise {
                    let deviation = (s[k] + eps).squareRoot()
                    s[k] = deviation
                    x[k] = min(max(mean, -clip), clip) + u[k]
                    let standardized = u[k] / deviation
                    sum += -0.5 * standardized * standardized - logf(deviation) - halfLogTwoPi
                } else {
                    let logSigma = min(max(mu[row * width + a + j], Self.logStdBounds.lowerBound),
                                       Self.logStdBounds.upperBound)
                    let sigma = expf(logSigma)
                    s[k] = sigma
                    x[k] = mean + sigma * n[k]
                    sum += -0.5 * n[k] * n[k] - logSigma - halfLogTwoPi
                }
                let squashed = tanhf(x[k])
                act[k] = squashed
                sum -= logf(1 - squashed * squashed + eps)
            }
            logp[row] = sum
        }
    }

    /// Back-propagates through the last `sample`, accumulating parameter gradients.
    ///
    /// - Parameters:
    ///   - actionGradient: dL/da, `batch × A`.
    ///   - logProbabilityWeight: dL/d log π(aᵢ|sᵢ), the same for every row (α / batch in SAC).
    /// - Important: Allocates nothing.
    public func backward(actionGradient: Matrix, logProbabilityWeight w: Float) {
        guard let observations = lastObservations, let noise = lastNoise else {
            preconditionFailure("SquashedGaussianActor: backward before sample")
        }
        let batch = observations.rows, a = actionSize, width = network.outputSize
        precondition(actionGradient.rows == batch && actionGradient.columns == a, "SquashedGaussianActor: bad gradient")
        let out = network.output.baseAddress, ga = actionGradient.baseAddress
        let act = actions.baseAddress, s = spread.baseAddress, u = offset.baseAddress, n = noise.baseAddress
        outputGradient.setRowCount(batch)
        gx.setRowCount(batch)
        gvar.setRowCount(batch)
        let go = outputGradient.baseAddress, gxp = gx.baseAddress, gv = gvar.baseAddress
        let eps = Self.epsilon, clip = Self.meanClip
        for row in 0..<batch {
            for j in 0..<a {
                let k = row * a + j
                let oneMinus = 1 - act[k] * act[k]
                let correction = 2 * act[k] * oneMinus / (oneMinus + eps)   // ∂(−log(1 − a² + ε))/∂x
                let throughSquash = ga[k] * oneMinus + w * correction
                let mean = out[row * width + j]
                if usesStateDependentNoise {
                    let inverseVariance = 1 / (s[k] * s[k])
                    gxp[k] = throughSquash - w * u[k] * inverseVariance
                    go[row * width + j] = (mean >= -clip && mean <= clip) ? throughSquash : 0
                    let gs = w * (u[k] * u[k] * inverseVariance / s[k] - 1 / s[k])
                    gv[k] = gs / (2 * s[k])
                } else {
                    go[row * width + j] = throughSquash
                    let raw = out[row * width + a + j]
                    let inside = raw >= Self.logStdBounds.lowerBound && raw <= Self.logStdBounds.upperBound
                    go[row * width + a + j] = inside ? throughSquash * s[k] * n[k] - w : 0
                }
            }
        }
        guard usesStateDependentNoise else {
            network.backward(outputGradient, computesInputGradient: false)
            return
        }
        let layers = network.layers, last = layers.count - 1
        let z = network.features, h = featureSize
        featureGradient.copy(from: layers[last].backward(input: z, outputGradient: outputGradient))
        BLAS.gemm(gx, exploration, into: featureGradient, transposeB: true, beta: 1)   // + gx · Eᵀ
        scratchBH.setRowCount(batch)
        BLAS.gemm(gvar, sigmaSquared, into: scratchBH, transposeB: true)             // gvar · (σ²)ᵀ
        let fg = featureGradient.baseAddress, zp = z.baseAddress, t = scratchBH.baseAddress
        for i in 0..<(batch * h) { fg[i] += 2 * zp[i] * t[i] }
        // d log σ = (zᵀ·gx) ⊙ E + 2σ² ⊙ ((z²)ᵀ·gvar)
        let gl = logStd.gradient.baseAddress, e = exploration.baseAddress, sigma2 = sigmaSquared.baseAddress
        let scratch = scratchHA.baseAddress
        BLAS.gemm(z, gx, into: scratchHA, transposeA: true)
        for i in 0..<(h * a) { gl[i] += scratch[i] * e[i] }
        BLAS.gemm(zSquared, gvar, into: scratchHA, transposeA: true)
        for i in 0..<(h * a) { gl[i] += 2 * sigma2[i] * scratch[i] }
        var gradient = featureGradient
        for index in stride(from: last - 1, through: 0, by: -1) {
            let input = index == 0 ? observations : layers[index - 1].output
            gradient = layers[index].backward(input: input, outputGradient: gradient,
                                              computesInputGradient: index > 0, accumulatesParameterGradients: true)
        }
    }

    /// The deterministic action tanh(μ(s)) (μ clipped to ±2 with gSDE). Allocates nothing.
    public func deterministicAction(observation: UnsafeBufferPointer<Float>, into action: UnsafeMutableBufferPointer<Float>) {
        network.predict(observation, into: UnsafeMutableBufferPointer(start: rawRow, count: network.outputSize))
        for j in 0..<actionSize { action[j] = tanhf(clippedMean(rawRow[j])) }
    }

    /// tanh(μ(s)) for each row of `observations`, into `meanActions` (keeps activations as
    /// `sample` does, so do not call it between `sample` and `backward`). Allocates nothing.
    @discardableResult
    public func deterministicActions(for observations: Matrix) -> Matrix {
        let out = network.forward(observations), width = out.columns, a = actionSize
        meanActions.setRowCount(observations.rows)
        for row in 0..<observations.rows {
            for j in 0..<a { meanActions.baseAddress[row * a + j] = tanhf(clippedMean(out.baseAddress[row * width + j])) }
        }
        return meanActions
    }

    /// The mean of gSDE's σ = exp(log σ), or of plain SAC's σ over the last sample.
    public var meanSigma: Double {
        if usesStateDependentNoise {
            let l = logStd.value.baseAddress
            var sum = 0.0
            for i in 0..<logStd.count { sum += Double(expf(l[i])) }
            return sum / Double(logStd.count)
        }
        var sum = 0.0
        for i in 0..<spread.count { sum += Double(spread.baseAddress[i]) }
        return spread.count > 0 ? sum / Double(spread.count) : .nan
    }

    /// μ as the action uses it: clipped to ±`meanClip` with gSDE, as is otherwise.
    @inline(__always)
    func clippedMean(_ mean: Float) -> Float {
        usesStateDependentNoise ? min(max(mean, -Self.meanClip), Self.meanClip) : mean
    }
}
