import SteadyCore

/// A multilayer perceptron with hand-written backward, preallocated for a maximum batch.
///
/// The network knows nothing of reinforcement learning: it maps rows to rows, accumulates
/// gradients, and exposes what the algorithms need — named parameters, the last hidden
/// features (gSDE's z(s)), Polyak averaging, and an allocation-free single-row `predict`.
public final class MLP {
    /// The shape this network was built from.
    public let configuration: Configuration
    /// The largest batch `forward` accepts.
    public let maxBatch: Int
    /// The modules in `nn.Sequential` order.
    public let layers: [any Layer]
    /// Every trainable tensor, named `<module index>.weight` / `.bias` as PyTorch names them.
    public let parameters: [Parameter]
    /// The index in `layers` whose output is the last hidden feature vector; −1 for none.
    private let featureLayerIndex: Int
    /// The input of the last `forward`, needed by the first layer's `backward`.
    private var lastInput: Matrix?
    /// Ping-pong rows for `predict`, each as wide as the widest layer.
    private let scratch: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>)
    private let scratchWidth: Int

    /// Builds the network and initialises every `Linear` as PyTorch does, in module order,
    /// from `generator`.
    public init(_ configuration: Configuration, maxBatch: Int, generator: inout SeededGenerator) {
        precondition(configuration.inputSize > 0 && configuration.outputSize > 0
                     && configuration.hiddenSizes.allSatisfy { $0 > 0 }, "MLP: sizes must be positive")
        self.configuration = configuration
        self.maxBatch = maxBatch
        var layers: [any Layer] = []
        var width = configuration.inputSize
        for hidden in configuration.hiddenSizes {
            layers.append(Linear(inputSize: width, outputSize: hidden, maxBatch: maxBatch, generator: &generator))
            if configuration.layerNorm { layers.append(LayerNorm(size: hidden, maxBatch: maxBatch)) }
            layers.append(configuration.activation.makeLayer(size: hidden, maxBatch: maxBatch))
            width = hidden
        }
        featureLayerIndex = layers.count - 1
        layers.append(Linear(inputSize: width, outputSize: configuration.outputSize, maxBatch: maxBatch,
                             generator: &generator))
        if let squash = configuration.outputActivation {
            layers.append(squash.makeLayer(size: configuration.outputSize, maxBatch: maxBatch))
        }
        self.layers = layers
        parameters = layers.enumerated().flatMap { index, layer in
            layer.parameters.map { parameter in
                var named = parameter
                named.name = "\(index).\(parameter.name)"
                return named
            }
        }
        scratchWidth = ([configuration.inputSize, configuration.outputSize] + configuration.hiddenSizes).max()!
        scratch = (.allocate(capacity: scratchWidth), .allocate(capacity: scratchWidth))
        scratch.0.initialize(repeating: 0, count: scratchWidth)
        scratch.1.initialize(repeating: 0, count: scratchWidth)
    }

    deinit {
        scratch.0.deallocate()
        scratch.1.deallocate()
    }

    /// Features per input row.
    public var inputSize: Int { configuration.inputSize }
    /// Features per output row.
    public var outputSize: Int { configuration.outputSize }
    /// The total number of trainable scalars.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

    /// The result of the last `forward`.
    public var output: Matrix { layers[layers.count - 1].output }

    /// The last hidden layer's activations from the last `forward` (batch × last hidden width):
    /// the features z(s) that gSDE multiplies with its exploration matrix. With no hidden
    /// layers, the input itself.
    public var features: Matrix {
        featureLayerIndex >= 0 ? layers[featureLayerIndex].output : lastInput!
    }

    /// The gradient with respect to the input from the last `backward` that computed it.
    public var inputGradient: Matrix { layers[0].inputGradient }

    /// Runs the network on every row of `input` and returns `output`.
    /// - Important: Allocates nothing. Keep `input` unchanged until the matching `backward`.
    @discardableResult
    public func forward(_ input: Matrix) -> Matrix {
        lastInput = input
        var x = input
        for layer in layers { x = layer.forward(x) }
        return x
    }

    /// Back-propagates `outputGradient` (batch × outputSize) through the last `forward`.
    ///
    /// - Parameters:
    ///   - computesInputGradient: whether to compute the gradient with respect to the input
    ///     (needed to push a critic's gradient into an actor's action; not to train a critic).
    ///   - accumulatesParameterGradients: when false, leaves every parameter gradient untouched.
    /// - Returns: the input gradient, or nil when it was not computed.
    /// - Important: Allocates nothing; gradients accumulate until `zeroGradients`.
    @discardableResult
    public func backward(_ outputGradient: Matrix, computesInputGradient: Bool = true,
                         accumulatesParameterGradients: Bool = true) -> Matrix? {
        guard let input = lastInput else { preconditionFailure("MLP: backward before forward") }
        var gradient = outputGradient
        for index in layers.indices.reversed() {
            let layerInput = index == 0 ? input : layers[index - 1].output
            gradient = layers[index].backward(
                input: layerInput, outputGradient: gradient,
                computesInputGradient: index > 0 || computesInputGradient,
                accumulatesParameterGradients: accumulatesParameterGradients)
        }
        return computesInputGradient ? gradient : nil
    }

    /// Sets every parameter gradient to zero.
    public func zeroGradients() {
        for parameter in parameters { parameter.gradient.fill(0) }
    }

    /// Copies every parameter value from a network of the same configuration.
    public func copyParameters(from source: MLP) {
        precondition(source.configuration == configuration, "MLP.copyParameters: configurations differ")
        for (target, origin) in zip(parameters, source.parameters) {
            target.value.baseAddress.update(from: origin.value.baseAddress, count: target.count)
        }
    }

    /// Polyak averaging, `target ← (1 − τ) · target + τ · source`, over every parameter
    /// (LayerNorm's included), as Stable-Baselines3's `polyak_update` does.
    public func polyakUpdate(from source: MLP, tau: Float) {
        precondition(source.configuration == configuration, "MLP.polyakUpdate: configurations differ")
        precondition(tau >= 0 && tau <= 1, "MLP.polyakUpdate: tau \(tau) outside [0, 1]")
        let keep = 1 - tau
        for (target, origin) in zip(parameters, source.parameters) {
            let t = target.value.baseAddress, s = origin.value.baseAddress
            WorkSplitter.forEachHalf(of: target.count) { range in
                for i in range { t[i] = t[i] * keep + tau * s[i] }
            }
        }
    }

    /// Runs the network on one row, without touching the batch buffers.
    ///
    /// - Parameters:
    ///   - input: `inputSize` floats.
    ///   - output: `outputSize` floats, not overlapping `input`.
    ///   - features: when given, receives the last hidden layer's activations (gSDE's z(s)).
    /// - Important: Allocates nothing and uses `gemv`; meant for the control tick. Not safe to
    ///   call concurrently with itself or with anything that changes the parameters.
    public func predict(_ input: UnsafeBufferPointer<Float>, into output: UnsafeMutableBufferPointer<Float>,
                        features: UnsafeMutableBufferPointer<Float>? = nil) {
        precondition(input.count == inputSize && output.count == outputSize,
                     "MLP.predict: expected \(inputSize) inputs and \(outputSize) outputs")
        var source = UnsafePointer(input.baseAddress!)
        var useFirst = true
        if featureLayerIndex < 0, let features { copyFeatures(source, into: features) }
        let last = layers.count - 1
        for index in 0...last {
            let destination = index == last ? output.baseAddress! : (useFirst ? scratch.0 : scratch.1)
            layers[index].predict(source, into: destination)
            if index == featureLayerIndex, let features { copyFeatures(destination, into: features) }
            source = UnsafePointer(destination)
            useFirst.toggle()
        }
    }

    @inline(__always)
    private func copyFeatures(_ source: UnsafePointer<Float>, into features: UnsafeMutableBufferPointer<Float>) {
        let width = featureLayerIndex >= 0 ? layers[featureLayerIndex].outputSize : inputSize
        precondition(features.count == width, "MLP.predict: features buffer needs \(width) floats")
        features.baseAddress!.update(from: source, count: width)
    }
}
