import Neural

/// A replay buffer as safetensors tensors, so that a checkpoint can hold it (the sidecar's
/// resume, `--prior-buffer`'s pretraining data).
extension ReplayBuffer {
    /// The stored transitions, oldest first: `replay.observations` (`count × observationSize`),
    /// `replay.actions`, `replay.rewards` (`count`), `replay.next_observations`,
    /// `replay.terminations` (`count`, 1 where terminated).
    public func tensors() -> [SafetensorsFile.Tensor] {
        // Oldest first: once full, the oldest is at `position`.
        let first = count == capacity ? position : 0
        func rows(_ pointer: UnsafeMutablePointer<Float>, _ width: Int) -> [Float] {
            var values: [Float] = []
            values.reserveCapacity(count * width)
            for i in 0..<count {
                let index = (first + i) % capacity
                values.append(contentsOf: UnsafeBufferPointer(start: pointer + index * width, count: width))
            }
            return values
        }
        return [.init(name: "replay.observations", shape: [count, observationSize], values: rows(observations, observationSize)),
                .init(name: "replay.actions", shape: [count, actionSize], values: rows(actions, actionSize)),
                .init(name: "replay.rewards", shape: [count], values: rows(rewards, 1)),
                .init(name: "replay.next_observations", shape: [count, observationSize], values: rows(nextObservations, observationSize)),
                .init(name: "replay.terminations", shape: [count], values: rows(terminations, 1))]
    }

    /// Adds every transition of `file`'s `replay.*` tensors (the newest `capacity` when there are more).
    /// - Throws: `NeuralError.missingTensor` or `.shapeMismatch` naming the tensor.
    public func add(contentsOf file: SafetensorsFile) throws {
        func tensor(_ name: String, width: Int?) throws -> SafetensorsFile.Tensor {
            guard let tensor = file["replay." + name] else { throw NeuralError.missingTensor(path: file.path, tensor: "replay." + name) }
            let rows = tensor.shape.first ?? 0
            let expected = width.map { [rows, $0] } ?? [rows]
            guard tensor.shape == expected else {
                throw NeuralError.shapeMismatch(path: file.path, tensor: "replay." + name, expected: expected, found: tensor.shape)
            }
            return tensor
        }
        let o = try tensor("observations", width: observationSize), a = try tensor("actions", width: actionSize)
        let r = try tensor("rewards", width: nil), n = try tensor("next_observations", width: observationSize)
        let t = try tensor("terminations", width: nil)
        let rows = o.shape[0]
        for (name, other) in [("actions", a), ("rewards", r), ("next_observations", n), ("terminations", t)] where other.shape[0] != rows {
            throw NeuralError.shapeMismatch(path: file.path, tensor: "replay." + name, expected: [rows], found: other.shape)
        }
        for i in 0..<rows {
            o.values.withUnsafeBufferPointer { ov in
                n.values.withUnsafeBufferPointer { nv in
                    a.values.withUnsafeBufferPointer { av in
                        add(observation: UnsafeBufferPointer(rebasing: ov[(i * observationSize)..<((i + 1) * observationSize)]),
                            action: UnsafeBufferPointer(rebasing: av[(i * actionSize)..<((i + 1) * actionSize)]),
                            reward: r.values[i],
                            nextObservation: UnsafeBufferPointer(rebasing: nv[(i * observationSize)..<((i + 1) * observationSize)]),
                            terminated: t.values[i] != 0)
                    }
                }
            }
        }
    }
}
