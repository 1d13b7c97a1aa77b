import Foundation
import Neural
import Testing

@Suite struct AdamTests {
    /// The published update, written out in Float64 for one scalar.
    struct HandAdam {
        var m = 0.0, v = 0.0, t = 0
        mutating func step(_ p: inout Double, _ g: Double, lr: Double) {
            t += 1
            m = 0.9 * m + 0.1 * g
            v = 0.999 * v + 0.001 * g * g
            let mHat = m / (1 - pow(0.9, Double(t)))
            let vHat = v / (1 - pow(0.999, Double(t)))
            p -= lr * mHat / (vHat.squareRoot() + 1e-8)
        }
    }

    func parameter(_ values: [Float]) -> Parameter {
        Parameter(name: "p", role: .weight, shape: [values.count],
                  value: Matrix(rows: 1, columns: values.count, values: values),
                  gradient: Matrix(rows: 1, columns: values.count))
    }

    @Test func matchesPublishedEquationsOverSeveralSteps() {
        let start: [Float] = [0.5, -1.0, 2.0, 1e-3]
        let p = parameter(start)
        let adam = Adam(parameters: [p], learningRate: 0.1)
        var hand = start.map(Double.init)
        var states = Array(repeating: HandAdam(), count: start.count)
        for _ in 0..<5 {
            // Gradient of sum(p²) + sum(p) at the current point.
            for i in 0..<start.count { p.gradient.baseAddress[i] = 2 * p.value.baseAddress[i] + 1 }
            let gradients = p.gradient.values.map(Double.init)
            adam.step()
            for i in hand.indices { states[i].step(&hand[i], gradients[i], lr: 0.1) }
            #expect(mismatches(p.value.values, hand, absolute: 1e-6, relative: 1e-5).isEmpty,
                    "after step \(adam.stepCount): \(p.value.values) vs \(hand)")
        }
        #expect(adam.stepCount == 5)
    }

    @Test func clipsByGlobalNorm() {
        let a = parameter([0, 0]), b = parameter([0])
        let adam = Adam(parameters: [a, b], learningRate: 0.01, maxGradientNorm: 1)
        a.gradient.buffer.initialize(from: [3, 0])
        b.gradient.buffer.initialize(from: [4])
        adam.step()
        #expect(adam.lastGradientNorm == 5)
        let scale = 1 / (5 + 1e-6)
        #expect(close(a.gradient[0, 0], 3 * scale, absolute: 1e-7) && close(b.gradient[0, 0], 4 * scale, absolute: 1e-7))
        // First-step Adam moves each scalar by lr · g / (|g| + ε/√(1−β₂)), about lr · sign(g).
        #expect(close(a.value[0, 0], -0.01, absolute: 1e-7) && a.value[0, 1] == 0)

        a.gradient.buffer.initialize(from: [0.3, 0])
        b.gradient.buffer.initialize(from: [0.4])
        adam.step()
        #expect(a.gradient[0, 0] == 0.3, "gradients under the norm are left alone")
    }
}
