import Neural

/// SAC restored from a checkpoint: `--init-from` (networks and α) and the sidecar's resume
/// (also the optimizers and the update count).
extension SAC {
    /// Each Adam's moments and step count, named `optimizer.actor.*`, `optimizer.critic<k>.*`, `optimizer.ent_coef.*`.
    public func optimizerTensors() -> [SafetensorsFile.Tensor] {
        actorOptimizer.stateTensors(prefix: "optimizer.actor.")
            + criticOptimizers.enumerated().flatMap { $1.stateTensors(prefix: "optimizer.critic\($0).") }
            + entropyOptimizer.stateTensors(prefix: "optimizer.ent_coef.")
            + [.init(name: "optimizer.updates", shape: [1], values: [Float(updateCount)])]
    }

    /// Loads actor (and gSDE's log σ), critics, targets and log α from `file`; with
    /// `optimizers`, also the Adam states and the update count.
    /// - Throws: `NeuralError` naming the missing or misshapen tensor.
    public func restore(from file: SafetensorsFile, optimizers: Bool) throws {
        try actor.network.load(from: file, prefix: "actor.")
        if actor.usesStateDependentNoise {
            guard let tensor = file["actor.log_std"] else { throw NeuralError.missingTensor(path: file.path, tensor: "actor.log_std") }
            guard tensor.shape == actor.logStd.shape else {
                throw NeuralError.shapeMismatch(path: file.path, tensor: "actor.log_std", expected: actor.logStd.shape, found: tensor.shape)
            }
            actor.logStd.value.baseAddress.update(from: tensor.values, count: tensor.values.count)
        }
        try critic.load(from: file, prefix: "critic.")
        try criticTarget.load(from: file, prefix: "critic_target.")
        guard let alpha = file["log_ent_coef"] else { throw NeuralError.missingTensor(path: file.path, tensor: "log_ent_coef") }
        guard alpha.shape == [1] else { throw NeuralError.shapeMismatch(path: file.path, tensor: "log_ent_coef", expected: [1], found: alpha.shape) }
        logEntropyCoefficient.value.baseAddress[0] = alpha.values[0]
        guard optimizers else { return }
        try actorOptimizer.loadState(from: file, prefix: "optimizer.actor.")
        for (index, optimizer) in criticOptimizers.enumerated() { try optimizer.loadState(from: file, prefix: "optimizer.critic\(index).") }
        try entropyOptimizer.loadState(from: file, prefix: "optimizer.ent_coef.")
        updateCount = Int(file["optimizer.updates"]?.values.first ?? 0)
    }
}
