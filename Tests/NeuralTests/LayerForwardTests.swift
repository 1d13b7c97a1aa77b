import Neural
import SteadyCore
import Testing

@Suite struct LayerForwardTests {
    @Test func linearMatchesNaiveTripleLoop() {
        var generator = SeededGenerator(seed: 31)
        let layer = Linear(inputSize: 37, outputSize: 19, maxBatch: 16, generator: &generator)
        let input = randomMatrix(rows: 11, columns: 37, rowCapacity: 16, generator: &generator)
        let output = layer.forward(input)
        #expect(output.rows == 11 && output.columns == 19)
        for r in 0..<11 {
            for o in 0..<19 {
                var sum = Double(layer.bias[0, o])
                for i in 0..<37 { sum += Double(input[r, i]) * Double(layer.weight[o, i]) }
                #expect(close(output[r, o], sum, absolute: 1e-5, relative: 1e-5), "row \(r), output \(o)")
            }
        }
    }

    @Test func layerNormMatchesHandComputation() {
        let norm = LayerNorm(size: 4, maxBatch: 2)
        for (i, (g, b)) in zip([1, 1, 2, 0.5] as [Float], [0, 1, 0, -1] as [Float]).enumerated() {
            norm.gain[0, i] = g
            norm.bias[0, i] = b
        }
        let input = Matrix(rows: 2, columns: 4, values: [1, 2, 3, 4, -3, 0, 0, 3])
        let output = norm.forward(input)
        // Row 1: mean 2.5, biased variance 1.25; row 2: mean 0, variance 4.5; ε = 1e-5.
        let expected: [Double] = [-1.3416354199689269, 0.552788193343691, 0.894423613312618, -0.32918229001553656,
                                  -1.4142119910273114, 1.0, 0.0, -0.2928940044863443]
        #expect(mismatches(output.values, expected, absolute: 1e-6, relative: 1e-6).isEmpty, "\(output.values)")
    }

    @Test func activationsMatchTheirDefinitions() {
        let input = Matrix(rows: 1, columns: 5, values: [-2, -0.5, 0, 0.5, 2])
        #expect(ReLU(size: 5, maxBatch: 1).forward(input).values == [0, 0, 0, 0.5, 2])
        let tanh = Tanh(size: 5, maxBatch: 1).forward(input).values
        let expected = [-0.9640275800758169, -0.46211715726000974, 0, 0.46211715726000974, 0.9640275800758169]
        #expect(mismatches(tanh, expected, absolute: 1e-7, relative: 1e-6).isEmpty)
    }

    @Test func backwardAccumulatesAndCanSkipParameterGradients() {
        var generator = SeededGenerator(seed: 32)
        let layer = Linear(inputSize: 3, outputSize: 2, maxBatch: 4, generator: &generator)
        let input = randomMatrix(rows: 4, columns: 3, rowCapacity: 4, generator: &generator)
        let gradient = randomMatrix(rows: 4, columns: 2, generator: &generator)
        layer.forward(input)
        layer.backward(input: input, outputGradient: gradient)
        let once = layer.weightGradient.values + layer.biasGradient.values
        layer.backward(input: input, outputGradient: gradient)
        let twice = layer.weightGradient.values + layer.biasGradient.values
        for (a, b) in zip(once, twice) { #expect(abs(2 * a - b) <= 1e-6 * max(1, abs(b))) }
        layer.backward(input: input, outputGradient: gradient, computesInputGradient: true,
                       accumulatesParameterGradients: false)
        #expect(layer.weightGradient.values + layer.biasGradient.values == twice)
        layer.zeroGradients()
        #expect((layer.weightGradient.values + layer.biasGradient.values).allSatisfy { $0 == 0 })
    }
}
