import Neural
import SteadyCore
import Testing

/// Finite-difference checks of every backward pass against the Float64 reference network.
@Suite struct GradientCheckTests {
    /// Runs forward and backward on `layers` (as one chain) and compares output, parameter
    /// gradients and input gradient with the reference network's central differences.
    func check(layers: [any Layer], forward: (Matrix) -> Matrix, backward: (Matrix) -> Matrix,
               batch: Int, seed: UInt64, inputRange: Double = 2) {
        var generator = SeededGenerator(seed: seed)
        let inputSize = layers[0].inputSize, outputSize = layers[layers.count - 1].outputSize
        let input = randomMatrix(rows: batch, columns: inputSize, range: inputRange,
                                 rowCapacity: layers[0].maxBatch, generator: &generator)
        let weights = randomMatrix(rows: batch, columns: outputSize, generator: &generator)
        for layer in layers { layer.zeroGradients() }

        let output = forward(input)
        let inputGradient = backward(weights)

        let reference = ReferenceNetwork(layers: layers)
        let x = input.values.map(Double.init), w = weights.values.map(Double.init)
        let expectedOutput = reference.forward(x, batch: batch)
        #expect(mismatches(output.values, expectedOutput, absolute: 1e-5, relative: 1e-5).isEmpty,
                "forward differs from the Float64 reference")

        let numerical = reference.numericalGradients(x, batch: batch, weights: w)
        let parameters = layers.flatMap(\.parameters)
        #expect(parameters.count == numerical.parameters.count)
        for (parameter, expected) in zip(parameters, numerical.parameters) {
            let bad = mismatches(parameter.gradient.values, expected)
            #expect(bad.isEmpty, "\(parameter.role) gradient differs at \(bad.prefix(5)) of \(parameter.shape)")
        }
        let bad = mismatches(inputGradient.values, numerical.input)
        #expect(bad.isEmpty, "input gradient differs at \(bad.prefix(5))")
    }

    /// Checks one layer, keeping its input for the backward pass.
    func checkSingle(_ layer: any Layer, batch: Int, seed: UInt64) {
        var kept: Matrix?
        check(layers: [layer],
              forward: { input in kept = input; return layer.forward(input) },
              backward: { gradient in layer.backward(input: kept!, outputGradient: gradient) },
              batch: batch, seed: seed)
    }

    @Test(arguments: [1, 5])
    func linear(batch: Int) {
        var generator = SeededGenerator(seed: 11)
        checkSingle(Linear(inputSize: 4, outputSize: 3, maxBatch: 8, generator: &generator), batch: batch, seed: 1)
    }

    @Test(arguments: [1, 5])
    func relu(batch: Int) {
        checkSingle(ReLU(size: 6, maxBatch: 8), batch: batch, seed: 2)
    }

    @Test(arguments: [1, 5])
    func tanh(batch: Int) {
        checkSingle(Tanh(size: 6, maxBatch: 8), batch: batch, seed: 3)
    }

    @Test(arguments: [1, 5])
    func layerNorm(batch: Int) {
        // 13 features: one 8-wide vector block of the row reductions plus a 5-element tail.
        let norm = LayerNorm(size: 13, maxBatch: 8)
        var generator = SeededGenerator(seed: 4)
        for i in 0..<13 {
            norm.gain.baseAddress[i] = Float(generator.uniform(0.5, 1.5))
            norm.bias.baseAddress[i] = Float(generator.uniform(-0.5, 0.5))
        }
        checkSingle(norm, batch: batch, seed: 5)
    }

    static let configurations: [MLP.Configuration] = [
        .init(inputSize: 4, hiddenSizes: [7, 6], outputSize: 3),
        .init(inputSize: 4, hiddenSizes: [7, 6], outputSize: 3, layerNorm: true),
        .init(inputSize: 4, hiddenSizes: [7, 6], outputSize: 2, outputActivation: .tanh),
        .init(inputSize: 5, hiddenSizes: [8, 8], outputSize: 2, activation: .tanh, layerNorm: true,
              outputActivation: .tanh),
        .init(inputSize: 3, hiddenSizes: [], outputSize: 2),
    ]

    @Test(arguments: configurations, [1, 4])
    func mlp(configuration: MLP.Configuration, batch: Int) {
        var generator = SeededGenerator(seed: 21)
        let network = MLP(configuration, maxBatch: 8, generator: &generator)
        // Move LayerNorm away from its identity initialisation so its parameters matter.
        for parameter in network.parameters where parameter.isNormalization {
            for i in 0..<parameter.count { parameter.value.baseAddress[i] += Float(generator.uniform(-0.3, 0.3)) }
        }
        check(layers: network.layers, forward: { network.forward($0) },
              backward: { network.backward($0)! }, batch: batch, seed: 22)
    }
}
