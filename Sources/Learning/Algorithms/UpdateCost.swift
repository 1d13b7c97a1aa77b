import Neural

/// An agent that can say what one update costs in matrix-product FLOPs, so that `steady bench
/// learn` can set its speed against the sgemm bound.
public protocol UpdateCostEstimating {
    /// Floating-point operations of the matrix products in one update.
    var floatingPointOperationsPerUpdate: Double { get }
}

/// Floating-point operations of an MLP's matrix products, 2·batch·in·out per Linear product,
/// for comparing an update's speed with the sgemm bound.
enum UpdateCost {
    /// The `(inputSize, outputSize)` of each Linear in `network`.
    static func linearShapes(_ network: MLP) -> [(Int, Int)] {
        network.layers.compactMap { $0 as? Linear }.map { ($0.inputSize, $0.outputSize) }
    }

    /// One forward pass on `batch` rows.
    static func forward(_ network: MLP, batch: Int) -> Double {
        linearShapes(network).reduce(0) { $0 + 2 * Double(batch * $1.0 * $1.1) }
    }

    /// One backward pass: parameter gradients when `parameters`, and input gradients of every
    /// layer but the first, plus the first's when `input`.
    static func backward(_ network: MLP, batch: Int, parameters: Bool, input: Bool) -> Double {
        let shapes = linearShapes(network)
        var total = 0.0
        for (index, (inputSize, outputSize)) in shapes.enumerated() {
            let product = 2 * Double(batch * inputSize * outputSize)
            if parameters { total += product }
            if index > 0 || input { total += product }
        }
        return total
    }
}
