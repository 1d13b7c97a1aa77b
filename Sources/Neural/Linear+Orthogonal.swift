import SteadyCore

extension Linear {
    /// Redraws the weights as a random (semi-)orthogonal matrix times `gain`, and zeroes the
    /// bias, as `torch.nn.init.orthogonal_` with a zero bias (Stable-Baselines3's `ortho_init`).
    ///
    /// Rows are orthonormal when `outputSize ≤ inputSize`, columns otherwise. The matrix is
    /// Gram–Schmidt applied to standard normal vectors (the Q of a QR with positive diagonal),
    /// which is uniformly distributed over orthogonal matrices.
    public func initializeOrthogonal(gain: Float = 1, generator: inout SeededGenerator) {
        let vectorCount = Swift.min(outputSize, inputSize)
        let length = Swift.max(outputSize, inputSize)
        var basis = [[Double]]()
        basis.reserveCapacity(vectorCount)
        while basis.count < vectorCount {
            var v = (0..<length).map { _ in generator.gaussian() }
            for u in basis {
                let projection = zip(u, v).reduce(0) { $0 + $1.0 * $1.1 }
                for i in 0..<length { v[i] -= projection * u[i] }
            }
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard norm > 1e-8 else { continue }  // a (vanishingly unlikely) dependent draw
            basis.append(v.map { $0 / norm })
        }
        for row in 0..<outputSize {
            for column in 0..<inputSize {
                let value = outputSize <= inputSize ? basis[row][column] : basis[column][row]
                weight[row, column] = Float(value) * gain
            }
        }
        bias.fill(0)
    }
}
