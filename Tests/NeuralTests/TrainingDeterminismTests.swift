import Foundation
import Neural
import SteadyCore
import Testing

@Suite struct TrainingDeterminismTests {
    /// Fits y = sin(x) on [−π, π] with a [32, 32] ReLU network, full-batch Adam.
    func train(seed: UInt64, steps: Int = 200) -> (initialLoss: Float, finalLoss: Float, weights: [[Float]]) {
        var generator = SeededGenerator(seed: seed)
        let batch = 64
        let network = MLP(.init(inputSize: 1, hiddenSizes: [32, 32], outputSize: 1), maxBatch: batch,
                          generator: &generator)
        let adam = Adam(parameters: network.parameters, learningRate: 1e-2)
        let x = Matrix(rows: batch, columns: 1), y = Matrix(rows: batch, columns: 1)
        for i in 0..<batch {
            let value = generator.uniform(-Double.pi, Double.pi)
            x[i, 0] = Float(value)
            y[i, 0] = Float(sin(value))
        }
        let gradient = Matrix(rows: batch, columns: 1)
        var initialLoss: Float = 0
        for step in 0..<steps {
            network.zeroGradients()
            let loss = Loss.meanSquaredError(prediction: network.forward(x), target: y, gradient: gradient)
            if step == 0 { initialLoss = loss }
            network.backward(gradient, computesInputGradient: false)
            adam.step()
        }
        let finalLoss = Loss.meanSquaredError(prediction: network.forward(x), target: y)
        return (initialLoss, finalLoss, network.parameters.map(\.value.values))
    }

    @Test func identicalSeedsGiveBitwiseIdenticalWeightsAndLossDrops() {
        let first = train(seed: 5), second = train(seed: 5)
        #expect(first.weights == second.weights)
        #expect(first.finalLoss == second.finalLoss)
        #expect(first.finalLoss < first.initialLoss / 20, "loss \(first.initialLoss) → \(first.finalLoss)")
        #expect(train(seed: 6).weights != first.weights)
    }
}
