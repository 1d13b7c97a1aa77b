import Neural
import SteadyCore

/// One or more Q-networks Q_k(s, a), each an MLP on concat(s, a) with one output, as SB3's
/// `ContinuousCritic` (`qf0`, `qf1`, …).
///
/// The networks share one preallocated input matrix: `setInput` writes concat(s, a) once and
/// every network reads it.
public final class ContinuousCritic {
    /// The Q-networks, in order.
    public let networks: [MLP]
    /// Floats per observation.
    public let observationSize: Int
    /// Floats per action.
    public let actionSize: Int
    /// concat(s, a), `batch × (observationSize + actionSize)`.
    public let input: Matrix

    /// Creates `count` networks with `hiddenSizes`, initialised in order from `generator`;
    /// `layerNorm` puts a LayerNorm after each hidden Linear (DroQ / RLPD's critics).
    public init(count: Int, observationSize: Int, actionSize: Int, hiddenSizes: [Int],
                activation: MLP.Activation = .relu, layerNorm: Bool = false, maxBatch: Int, generator: inout SeededGenerator) {
        precondition(count >= 1, "ContinuousCritic: need at least one network")
        self.observationSize = observationSize
        self.actionSize = actionSize
        let configuration = MLP.Configuration(inputSize: observationSize + actionSize, hiddenSizes: hiddenSizes,
                                              outputSize: 1, activation: activation, layerNorm: layerNorm)
        var networks: [MLP] = []
        for _ in 0..<count { networks.append(MLP(configuration, maxBatch: maxBatch, generator: &generator)) }
        self.networks = networks
        input = Matrix(rows: maxBatch, columns: observationSize + actionSize)
    }

    /// Every network's parameters, `qf0` first (one optimizer steps them all, as in SB3).
    public var parameters: [Parameter] { networks.flatMap(\.parameters) }

    /// Writes concat(`observations`, `actions`) into `input`.
    /// - Important: Allocates nothing.
    public func setInput(observations: Matrix, actions: Matrix) {
        precondition(observations.rows == actions.rows && observations.columns == observationSize
                     && actions.columns == actionSize, "ContinuousCritic.setInput: shapes do not match")
        input.setRowCount(observations.rows)
        let o = observationSize, a = actionSize
        for row in 0..<observations.rows {
            let destination = input.row(row)
            destination.update(from: observations.row(row), count: o)
            (destination + o).update(from: actions.row(row), count: a)
        }
    }

    /// Runs network `index` on `input`; returns its `batch × 1` output.
    @discardableResult
    public func forward(_ index: Int) -> Matrix {
        networks[index].forward(input)
    }

    /// Copies every parameter from a critic of the same shape.
    public func copyParameters(from source: ContinuousCritic) {
        for (target, origin) in zip(networks, source.networks) { target.copyParameters(from: origin) }
    }

    /// Polyak averaging toward `source` with rate `tau`.
    public func polyakUpdate(from source: ContinuousCritic, tau: Float) {
        for (target, origin) in zip(networks, source.networks) { target.polyakUpdate(from: origin, tau: tau) }
    }

    /// The parameters as safetensors tensors named `prefix + "qf<k>." + name`.
    public func tensors(prefix: String) -> [SafetensorsFile.Tensor] {
        networks.enumerated().flatMap { index, network in network.tensors(prefix: "\(prefix)qf\(index).") }
    }

    /// Loads every network from tensors named `prefix + "qf<k>." + name`.
    public func load(from file: SafetensorsFile, prefix: String) throws {
        for (index, network) in networks.enumerated() { try network.load(from: file, prefix: "\(prefix)qf\(index).") }
    }
}
