import Neural
import SteadyCore
import Testing

@Suite struct MLPTests {
    @Test func parameterNamesFollowSequentialIndices() {
        var generator = SeededGenerator(seed: 1)
        let normed = MLP(.init(inputSize: 3, hiddenSizes: [256, 256], outputSize: 1, layerNorm: true),
                         maxBatch: 1, generator: &generator)
        #expect(normed.parameters.map(\.name) == ["0.weight", "0.bias", "1.weight", "1.bias", "3.weight", "3.bias",
                                                  "4.weight", "4.bias", "6.weight", "6.bias"])
        #expect(normed.parameters.map(\.shape) == [[256, 3], [256], [256], [256], [256, 256], [256],
                                                   [256], [256], [1, 256], [1]])
        #expect(normed.parameters.map(\.isNormalization) == [false, false, true, true, false, false,
                                                             true, true, false, false])
        #expect(normed.parameterCount == 256 * 3 + 256 + 512 + 256 * 256 + 256 + 512 + 256 + 1)

        let squashed = MLP(.init(inputSize: 3, hiddenSizes: [8, 8], outputSize: 2, outputActivation: .tanh),
                           maxBatch: 1, generator: &generator)
        #expect(squashed.layers.count == 6 && squashed.layers[5] is Tanh)
        #expect(squashed.parameters.map(\.name) == ["0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"])
    }

    @Test func featuresAreTheLastHiddenActivations() {
        var generator = SeededGenerator(seed: 2)
        let network = MLP(.init(inputSize: 3, hiddenSizes: [6, 5], outputSize: 2, layerNorm: true,
                                outputActivation: .tanh), maxBatch: 4, generator: &generator)
        let input = randomMatrix(rows: 4, columns: 3, generator: &generator)
        network.forward(input)
        let hidden = ReferenceNetwork(layers: Array(network.layers.prefix(6)))  // up to the last ReLU
        #expect(network.features.columns == 5)
        #expect(mismatches(network.features.values, hidden.forward(input.values.map(Double.init), batch: 4),
                           absolute: 1e-5, relative: 1e-5).isEmpty)
    }

    @Test(arguments: [false, true])
    func predictMatchesBatchForwardAndLeavesItAlone(layerNorm: Bool) {
        var generator = SeededGenerator(seed: 3)
        let network = MLP(.init(inputSize: 3, hiddenSizes: [64, 64], outputSize: 2, layerNorm: layerNorm,
                                outputActivation: .tanh), maxBatch: 8, generator: &generator)
        let batch = randomMatrix(rows: 8, columns: 3, generator: &generator)
        let batchOutput = network.forward(batch).values
        let batchFeatures = network.features.values
        var output = [Float](repeating: .nan, count: 2), features = [Float](repeating: .nan, count: 64)
        for row in 0..<8 {
            let observation = Array(batch.values[row * 3..<(row + 1) * 3])
            observation.withUnsafeBufferPointer { input in
                output.withUnsafeMutableBufferPointer { out in
                    features.withUnsafeMutableBufferPointer { network.predict(input, into: out, features: $0) }
                }
            }
            #expect(mismatches(output, batchOutput[row * 2..<(row + 1) * 2].map(Double.init),
                               absolute: 1e-6, relative: 1e-5).isEmpty)
            #expect(mismatches(features, batchFeatures[row * 64..<(row + 1) * 64].map(Double.init),
                               absolute: 1e-6, relative: 1e-5).isEmpty)
        }
        #expect(network.output.values == batchOutput, "predict must not touch the batch buffers")
    }

    @Test func polyakUpdateFollowsTheFormulaAndCopyMatches() {
        let configuration = MLP.Configuration(inputSize: 3, hiddenSizes: [5], outputSize: 2, layerNorm: true)
        var generator = SeededGenerator(seed: 4)
        let target = MLP(configuration, maxBatch: 1, generator: &generator)
        let source = MLP(configuration, maxBatch: 1, generator: &generator)
        for parameter in source.parameters where parameter.isNormalization {
            for i in 0..<parameter.count { parameter.value.baseAddress[i] = Float(generator.uniform(-1, 1)) }
        }
        let before = target.parameters.map(\.value.values)
        target.polyakUpdate(from: source, tau: 0.005)
        for (index, parameter) in target.parameters.enumerated() {
            let expected = zip(before[index], source.parameters[index].value.values).map {
                (1 - 0.005) * Double($0.0) + 0.005 * Double($0.1)
            }
            #expect(mismatches(parameter.value.values, expected, absolute: 1e-7, relative: 1e-6).isEmpty,
                    "\(parameter.name)")
        }
        target.copyParameters(from: source)
        #expect(target.parameters.map(\.value.values) == source.parameters.map(\.value.values))
    }

    @Test func initializationIsSeededAndWithinPyTorchBounds() {
        let configuration = MLP.Configuration(inputSize: 17, hiddenSizes: [256, 64], outputSize: 3, layerNorm: true)
        func weights(_ seed: UInt64) -> [[Float]] {
            var generator = SeededGenerator(seed: seed)
            return MLP(configuration, maxBatch: 1, generator: &generator).parameters.map(\.value.values)
        }
        #expect(weights(7) == weights(7))
        #expect(weights(7) != weights(8))

        var generator = SeededGenerator(seed: 9)
        let network = MLP(configuration, maxBatch: 1, generator: &generator)
        for layer in network.layers {
            if let linear = layer as? Linear {
                let bound = Float(1 / Double(linear.inputSize).squareRoot())
                let all = linear.weight.values + linear.bias.values
                #expect(all.allSatisfy { abs($0) <= bound }, "fan-in \(linear.inputSize)")
                // The draws fill the interval: the extremes come close to ±bound, the mean near 0.
                #expect(all.max()! > 0.9 * bound && all.min()! < -0.9 * bound)
                #expect(abs(all.reduce(0, +) / Float(all.count)) < 0.1 * bound)
            } else if let norm = layer as? LayerNorm {
                #expect(norm.gain.values.allSatisfy { $0 == 1 } && norm.bias.values.allSatisfy { $0 == 0 })
            }
        }
    }

    @Test(arguments: [(4, 9), (9, 4), (6, 6)])
    func orthogonalInitialization(outputs: Int, inputs: Int) {
        var generator = SeededGenerator(seed: 10)
        let layer = Linear(inputSize: inputs, outputSize: outputs, maxBatch: 1, generator: &generator)
        layer.initializeOrthogonal(gain: 2, generator: &generator)
        // W·Wᵀ = 4 I when rows are orthonormal (outputs ≤ inputs), Wᵀ·W = 4 I otherwise.
        let n = min(outputs, inputs)
        for a in 0..<n {
            for b in 0..<n {
                var dot = 0.0
                for k in 0..<max(outputs, inputs) {
                    dot += outputs <= inputs ? Double(layer.weight[a, k] * layer.weight[b, k])
                                             : Double(layer.weight[k, a] * layer.weight[k, b])
                }
                #expect(abs(dot - (a == b ? 4 : 0)) < 1e-5)
            }
        }
        #expect(layer.bias.values.allSatisfy { $0 == 0 })
    }

    @Test func backwardCanSkipInputAndParameterGradients() {
        var generator = SeededGenerator(seed: 11)
        let network = MLP(.init(inputSize: 3, hiddenSizes: [4], outputSize: 1), maxBatch: 2, generator: &generator)
        let input = randomMatrix(rows: 2, columns: 3, generator: &generator)
        let gradient = Matrix(rows: 2, columns: 1, values: [1, 1])
        network.forward(input)
        #expect(network.backward(gradient, computesInputGradient: false) == nil)
        let accumulated = network.parameters.map(\.gradient.values)
        #expect(accumulated.contains { $0.contains { $0 != 0 } })
        let inputGradient = network.backward(gradient, accumulatesParameterGradients: false)
        #expect(inputGradient?.rows == 2 && inputGradient?.columns == 3)
        #expect(network.parameters.map(\.gradient.values) == accumulated)
        network.zeroGradients()
        #expect(network.parameters.allSatisfy { $0.gradient.values.allSatisfy { $0 == 0 } })
    }
}
