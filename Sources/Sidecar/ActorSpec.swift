import Learning
import Neural

/// The `actor` field of a sidecar spec: `KIND:WIDTHS:ACTIVATION[:layer_norm][:gsde]`, e.g.
/// `squashed_gaussian:256,256:relu` or `deterministic:64,64:relu:layer_norm`.
public struct ActorSpec: Equatable, Sendable, CustomStringConvertible {
    /// SAC's squashed Gaussian or TD3/DDPG's deterministic μ(s).
    public var kind: ActorDescription.Kind
    /// Hidden widths.
    public var hiddenSizes: [Int]
    /// Hidden activation.
    public var activation: MLP.Activation
    /// A LayerNorm after each hidden Linear.
    public var layerNorm: Bool
    /// gSDE's learned log σ (SAC only).
    public var stateDependentNoise: Bool

    /// The actor a checkpoint or an agent describes.
    public init(_ description: ActorDescription) {
        kind = description.kind
        hiddenSizes = description.hiddenSizes
        activation = MLP.Activation(rawValue: description.activation) ?? .relu
        layerNorm = description.layerNorm
        stateDependentNoise = description.stateDependentNoise
    }

    /// The actor `algorithm` (`sac`, `td3`, `ddpg`) builds for `exploration`, as `steady train` does.
    public init(algorithm: String, hiddenSizes: [Int], exploration: ExplorationSettings.Kind) {
        kind = algorithm == "sac" ? .squashedGaussian : .deterministic
        self.hiddenSizes = hiddenSizes
        activation = .relu
        layerNorm = kind == .deterministic && exploration == .param
        stateDependentNoise = kind == .squashedGaussian && exploration == .gsde
    }

    /// Parses the spec text; nil when it is not of the form above.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 3, let kind = ActorDescription.Kind(rawValue: parts[0]),
              let activation = MLP.Activation(rawValue: parts[2]) else { return nil }
        let widths = parts[1].split(separator: ",").map { Int($0) }
        guard !widths.isEmpty, widths.allSatisfy({ ($0 ?? 0) > 0 && $0! <= 65_536 }) else { return nil }
        let flags = Set(parts.dropFirst(3))
        guard flags.isSubset(of: ["layer_norm", "gsde"]), flags.count == parts.count - 3 else { return nil }
        self.kind = kind
        hiddenSizes = widths.map { $0! }
        self.activation = activation
        layerNorm = flags.contains("layer_norm")
        stateDependentNoise = flags.contains("gsde")
        if stateDependentNoise && kind != .squashedGaussian { return nil }
    }

    public var description: String {
        "\(kind.rawValue):\(hiddenSizes.map(String.init).joined(separator: ",")):\(activation.rawValue)"
            + (layerNorm ? ":layer_norm" : "") + (stateDependentNoise ? ":gsde" : "")
    }

    /// Whether an actor of this shape can explore with `kind`: a gSDE squashed actor only with
    /// gsde or param; a plain squashed actor with anything but gsde; a deterministic one with
    /// anything but policy (μ(s) alone does not explore).
    public func supports(_ exploration: ExplorationSettings.Kind) -> Bool {
        switch (kind, exploration) {
        case (.squashedGaussian, .gsde): stateDependentNoise
        case (.squashedGaussian, .param): true
        case (.squashedGaussian, _): !stateDependentNoise
        case (.deterministic, .policy): false
        case (.deterministic, _): true
        }
    }
}
