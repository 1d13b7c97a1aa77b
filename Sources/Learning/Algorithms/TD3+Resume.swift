import Neural

/// TD3/DDPG restored from a checkpoint: `--init-from` (networks) and the sidecar's resume
/// (also the optimizers and the update count).
extension TD3 {
    /// Each Adam's moments and step count, named `optimizer.actor.*`, `optimizer.critic<k>.*`.
    public func optimizerTensors() -> [SafetensorsFile.Tensor] {
        actorOptimizer.stateTensors(prefix: "optimizer.actor.")
            + criticOptimizers.enumerated().flatMap { $1.stateTensors(prefix: "optimizer.critic\($0).") }
            + [.init(name: "optimizer.updates", shape: [1], values: [Float(updateCount)])]
    }

    /// Loads actor, critics and their targets from `file`; with `optimizers`, also the Adam
    /// states and the update count.
    /// - Throws: `NeuralError` naming the missing or misshapen tensor.
    public func restore(from file: SafetensorsFile, optimizers: Bool) throws {
        try actor.network.load(from: file, prefix: "actor.")
        try actorTarget.network.load(from: file, prefix: "actor_target.")
        try critic.load(from: file, prefix: "critic.")
        try criticTarget.load(from: file, prefix: "critic_target.")
        guard optimizers else { return }
        try actorOptimizer.loadState(from: file, prefix: "optimizer.actor.")
        for (index, optimizer) in criticOptimizers.enumerated() { try optimizer.loadState(from: file, prefix: "optimizer.critic\(index).") }
        updateCount = Int(file["optimizer.updates"]?.values.first ?? 0)
    }
}
