import Foundation
import Neural
import SteadyCore

/// A Float64 re-implementation of the layers with naive loops: the oracle the tests compare
/// the BLAS-backed Float32 code against. It shares no code with `Neural`.
struct ReferenceNetwork {
    enum Module {
        case linear(inputs: Int, outputs: Int)
        case layerNorm(size: Int)
        case relu
        case tanh
    }

    var modules: [Module]
    /// Parameter tensors in module order (weight then bias; gain then bias), flat row-major.
    var parameters: [[Double]]

    /// Mirrors the structure and current parameter values of `layers`.
    init(layers: [any Layer]) {
        modules = layers.map { layer in
            switch layer {
            case let linear as Linear: return .linear(inputs: linear.inputSize, outputs: linear.outputSize)
            case let norm as LayerNorm: return .layerNorm(size: norm.inputSize)
            case is ReLU: return .relu
            case is Tanh: return .tanh
            default: fatalError("unknown layer \(layer)")
            }
        }
        parameters = layers.flatMap { $0.parameters.map { $0.value.values.map(Double.init) } }
    }

    /// Runs `batch` rows of `input` (flat, row-major) through the modules.
    func forward(_ input: [Double], batch: Int) -> [Double] {
        var x = input
        var next = 0
        for module in modules {
            switch module {
            case let .linear(inputs, outputs):
                let w = parameters[next], b = parameters[next + 1]
                next += 2
                var y = [Double](repeating: 0, count: batch * outputs)
                for r in 0..<batch {
                    for o in 0..<outputs {
                        var sum = b[o]
                        for i in 0..<inputs { sum += x[r * inputs + i] * w[o * inputs + i] }
                        y[r * outputs + o] = sum
                    }
                }
                x = y
            case let .layerNorm(size):
                let gain = parameters[next], bias = parameters[next + 1]
                next += 2
                var y = x
                for r in 0..<batch {
                    let row = Array(x[r * size..<(r + 1) * size])
                    let mean = row.reduce(0, +) / Double(size)
                    let variance = row.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(size)
                    for j in 0..<size {
                        y[r * size + j] = (row[j] - mean) / (variance + 1e-5).squareRoot() * gain[j] + bias[j]
                    }
                }
                x = y
            case .relu:
                x = x.map { max($0, 0) }
            case .tanh:
                x = x.map { Foundation.tanh($0) }
            }
        }
        return x
    }

    /// The scalar test loss `sum(weights ⊙ output)`.
    func loss(_ input: [Double], batch: Int, weights: [Double]) -> Double {
        zip(forward(input, batch: batch), weights).reduce(0) { $0 + $1.0 * $1.1 }
    }

    /// Central-difference gradients of `loss` with respect to every parameter and the input.
    func numericalGradients(_ input: [Double], batch: Int, weights: [Double], step h: Double = 1e-6)
        -> (parameters: [[Double]], input: [Double]) {
        var probe = self
        var parameterGradients: [[Double]] = []
        for t in parameters.indices {
            var gradient = [Double](repeating: 0, count: parameters[t].count)
            for j in parameters[t].indices {
                let original = probe.parameters[t][j]
                probe.parameters[t][j] = original + h
                let plus = probe.loss(input, batch: batch, weights: weights)
                probe.parameters[t][j] = original - h
                let minus = probe.loss(input, batch: batch, weights: weights)
                probe.parameters[t][j] = original
                gradient[j] = (plus - minus) / (2 * h)
            }
            parameterGradients.append(gradient)
        }
        var inputGradient = [Double](repeating: 0, count: input.count)
        var x = input
        for j in input.indices {
            x[j] = input[j] + h
            let plus = loss(x, batch: batch, weights: weights)
            x[j] = input[j] - h
            let minus = loss(x, batch: batch, weights: weights)
            x[j] = input[j]
            inputGradient[j] = (plus - minus) / (2 * h)
        }
        return (parameterGradients, inputGradient)
    }
}

/// Random test data from a seeded generator.
func randomMatrix(rows: Int, columns: Int, range: Double = 1, rowCapacity: Int? = nil,
                  generator: inout SeededGenerator) -> Matrix {
    let matrix = Matrix(rows: rows, columns: columns, rowCapacity: rowCapacity)
    for i in 0..<matrix.count { matrix.baseAddress[i] = Float(generator.uniform(-range, range)) }
    return matrix
}

/// Whether a Float32 analytic value agrees with a Float64 reference: |a − r| ≤ atol + rtol·|r|.
func close(_ actual: Float, _ reference: Double, absolute: Double = 1e-4, relative: Double = 1e-3) -> Bool {
    abs(Double(actual) - reference) <= absolute + relative * abs(reference)
}

/// The indices where `actual` and `reference` disagree (empty when all agree).
func mismatches(_ actual: [Float], _ reference: [Double], absolute: Double = 1e-4,
                relative: Double = 1e-3) -> [Int] {
    precondition(actual.count == reference.count, "mismatches: \(actual.count) vs \(reference.count)")
    return actual.indices.filter { !close(actual[$0], reference[$0], absolute: absolute, relative: relative) }
}
