/// Losses the learning code needs, each with its gradient written into a preallocated matrix.
public enum Loss {
    /// The mean squared error over all elements, `mean((prediction − target)²)` (PyTorch's
    /// `F.mse_loss` with reduction "mean"), and optionally its gradient with respect to
    /// `prediction`, `2 (prediction − target) / count`, times `gradientScale`.
    ///
    /// - Parameters:
    ///   - gradient: when given, overwritten with the gradient; its row count is set to the batch.
    ///   - gradientScale: multiplies the gradient, e.g. 0.5 to average two critics' losses.
    /// - Returns: the loss.
    /// - Important: Allocates nothing.
    @discardableResult
    public static func meanSquaredError(prediction: Matrix, target: Matrix, gradient: Matrix? = nil,
                                        gradientScale: Float = 1) -> Float {
        precondition(prediction.rows == target.rows && prediction.columns == target.columns,
                     "Loss.meanSquaredError: prediction \(prediction) and target \(target) differ in shape")
        let n = prediction.count
        guard n > 0 else { return 0 }
        let p = prediction.baseAddress, t = target.baseAddress
        var sum: Double = 0
        for i in 0..<n {
            let d = p[i] - t[i]
            sum += Double(d * d)
        }
        if let gradient {
            precondition(gradient.columns == prediction.columns, "Loss.meanSquaredError: gradient has wrong width")
            gradient.setRowCount(prediction.rows)
            let g = gradient.baseAddress, factor = 2 * gradientScale / Float(n)
            for i in 0..<n { g[i] = factor * (p[i] - t[i]) }
        }
        return Float(sum / Double(n))
    }
}
